import { buildSchema, parse, validate } from 'graphql';
import { nulCharactersRule } from './nul-characters';

describe('nulCharactersRule', () => {
  const schema = buildSchema(`
    input IncidentInput { title: String!, tags: [String!] }
    type Query { incidents(search: String): [String] }
    type Mutation { createIncident(input: IncidentInput!): String }
  `);
  const errors = (document: string) => validate(schema, parse(document), [nulCharactersRule]).map((error) => error.message);

  it('names the argument holding a NUL character in a string literal', () => {
    expect(errors('mutation { createIncident(input: { title: "a\\u0000b" }) }')).toEqual(['argument input.title holds a NUL character (U+0000), which cannot be stored']);
    expect(errors('mutation { createIncident(input: { title: "ok", tags: ["x", "\\u0000"] }) }')).toEqual(['argument input.tags holds a NUL character (U+0000), which cannot be stored']);
    expect(errors('{ incidents(search: "\\u0000") }')).toEqual(['argument search holds a NUL character (U+0000), which cannot be stored']);
  });

  it('lets every other string through, any script included', () => {
    expect(errors('mutation { createIncident(input: { title: "Łukasz 田中 \\u0001 \\\\u0000" }) }')).toEqual([]);
  });
});
