import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { loadSchemas, type SchemaName } from "./schemas.js";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type { ErrorObject };

let ajv: Ajv2020 | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({
    strict: true,
    // if/then blocks legitimately require properties declared by the enclosing schema.
    strictRequired: false,
    allErrors: true,
    // verbose keeps the failing data and parent schema on each error, for messages and hints.
    verbose: true,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  for (const schema of loadSchemas().values()) ajv.addSchema(schema);
  return ajv;
}

/** Returns the compiled validator for a schema; each schema is compiled once per process. */
export function validatorFor(name: SchemaName): ValidateFunction {
  const existing = compiled.get(name);
  if (existing) return existing;
  const schema = loadSchemas().get(name);
  if (!schema) throw new Error(`unknown schema ${name}`);
  const fn = instance().getSchema(schema.$id);
  if (!fn) throw new Error(`schema ${schema.$id} did not compile`);
  compiled.set(name, fn);
  return fn;
}
