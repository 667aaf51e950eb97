import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { federalSchemaFolder } from '@dxhub/platform';
import { federalPerson } from './coverage-request-fragments';
import { US_STATE_CODES } from './schema-fragments';

const stateEnumOf = (folder: string): string[] =>
  JSON.parse(readFileSync(join(federalSchemaFolder(folder), 'USStateCode-schema.json'), 'utf8')).definitions.usStateCodeType.enum;

describe('coverage request fragments', () => {
  it.each(['esi-rj14', 'non-esi-rj31'])('offers exactly the state codes of the %s schema', (folder) => {
    expect([...US_STATE_CODES]).toEqual(stateEnumOf(folder));
  });

  it('maps every subject field to its federal name, the SSN without dashes', () => {
    const subject = {
      ssn: '123-45-6789',
      firstName: 'Ana',
      middleName: 'B',
      lastName: 'Silva',
      suffix: 'Jr',
      dateOfBirth: '1980-02-29',
      sex: 'F' as const,
      state: 'MA' as const,
    };
    expect(federalPerson(subject)).toEqual({
      personSocialSecurityNumber: '123456789',
      personGivenName: 'Ana',
      personMiddleName: 'B',
      personSurName: 'Silva',
      personSuffixName: 'Jr',
      personBirthDate: '1980-02-29',
      personSexCode: 'F',
      usStateCode: 'MA',
    });
  });

  it('leaves out the optional fields not given', () => {
    const person = federalPerson({ ssn: '123456789', firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29', state: 'GU' });
    expect(Object.keys(person).sort()).toEqual(['personBirthDate', 'personGivenName', 'personSocialSecurityNumber', 'personSurName', 'usStateCode']);
  });
});
