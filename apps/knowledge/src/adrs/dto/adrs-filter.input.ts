import { Field, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AdrStatus } from '../adr.enums';

@InputType()
export class AdrsFilter {
  @Field(() => [AdrStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AdrStatus, { each: true })
  status?: AdrStatus[];

  @Field(() => String, { nullable: true, description: 'Words in the title (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'Also ADRs whose file the last sync no longer found.' })
  @IsOptional()
  @IsBoolean()
  includeRemoved?: boolean;
}
