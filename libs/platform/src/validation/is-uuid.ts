const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id can be looked up in a uuid column (anything else is simply not found). */
export const isUuid = (value: string) => UUID.test(value);
