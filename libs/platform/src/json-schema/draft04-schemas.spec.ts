import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from './draft04-schemas';

const SCHEMA_FILES: Record<string, string[]> = {
  'ssa-rj3': ['SSAC-Request-Schema.json', 'SSAC-Response-Schema.json'],
  'ifsv-rj9t': ['IFSV-Request-schema.json', 'IFSV-Response-schema.json'],
  'esi-rj14': ['ESIMEC-Request-schema.json', 'ESIMEC-Response-schema.json'],
  'non-esi-rj31': ['VerifyNonESIMEC-Request-schema.json', 'VerifyNonESIMEC-Response-schema.json'],
  'ridp-rj139': ['RIDP-Request-schema.json', 'RIDP-Response-schema.json'],
  vci: ['VCI-Request-schema.json', 'VCI-Response-schema.json'],
};

describe('loadDraft04Schemas', () => {
  it.each(Object.entries(SCHEMA_FILES))('compiles every schema of %s, cross-file refs included', (folder, files) => {
    const ajv = loadDraft04Schemas(federalSchemaFolder(folder));
    for (const file of files) expect(typeof ajv.getSchema(draft04SchemaId(file))).toBe('function');
  });

  it('resolves a reference into a sibling file', () => {
    const validate = loadDraft04Schemas(federalSchemaFolder('non-esi-rj31')).getSchema(
      draft04SchemaId('USStateCode-schema.json') + '#/definitions/usStateCodeType',
    );
    expect(validate?.('MA')).toBe(true);
    expect(validate?.('XX')).toBe(false);
  });

  it('validates with draft-04 semantics', () => {
    const validate = loadDraft04Schemas(federalSchemaFolder('ssa-rj3')).getSchema(draft04SchemaId('SSAC-Request-Schema.json'))!;
    const individual = {
      personSocialSecurityNumber: '123456789',
      personSurName: 'Silva',
      personBirthDate: '1980-02-29',
      requestCitizenshipVerificationIndicator: true,
      requestIncarcerationVerificationIndicator: false,
      requestTitleIIMonthlyIncomeVerificationIndicator: false,
      requestTitleIIAnnualIncomeVerificationIndicator: false,
      requestQuartersOfCoverageVerificationIndicator: false,
    };
    expect(validate({ ssaCompositeRequest: { ssaCompositeIndividualRequestArray: [individual] } })).toBe(true);
    expect(validate({ ssaCompositeRequest: { ssaCompositeIndividualRequestArray: [{ ...individual, personSocialSecurityNumber: '000123456' }] } })).toBe(false);
  });

  it('refuses an empty folder', () => {
    expect(() => loadDraft04Schemas(mkdtempSync(join(tmpdir(), 'schemas-')))).toThrow(/No JSON schema/);
  });
});

describe('federalSchemaFolder', () => {
  it('finds the folder from a compiled location deeper in the tree', () => {
    const root = mkdtempSync(join(tmpdir(), 'project-'));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'schemas', 'federal', 'ssa-rj3'), { recursive: true });
    const compiled = join(root, 'dist', 'libs', 'platform', 'src', 'json-schema');
    mkdirSync(compiled, { recursive: true });
    expect(federalSchemaFolder('ssa-rj3', compiled)).toBe(join(root, 'schemas', 'federal', 'ssa-rj3'));
  });

  it('rejects unknown folders and path tricks', () => {
    expect(() => federalSchemaFolder('nope')).toThrow(/not found/);
    expect(() => federalSchemaFolder('../secrets')).toThrow(/Invalid/);
  });
});
