import { identifyDocument } from './vlp-document';

describe('identifyDocument', () => {
  it.each([
    ['i551DocumentID', { alienNumber: '123456787', receiptNumber: 'EAC1234567890' }, '123456787', 7],
    ['i766DocumentID', { alienNumber: '123456780', receiptNumber: 'EAC1234567899', docExpirationDate: '2030-01-01' }, '123456780', 0],
    ['i94DocumentID', { i94Number: '1234567890A' }, '1234567890A', 0],
    ['i94UnexpForeignPassportDocumentID', { i94Number: '12345678A9B', passportNumber: 'X1234560', countryOfIssuance: 'MEX', docExpirationDate: '2030-01-01' }, '12345678A9B', 9],
    ['unexpForeignPassportDocumentID', { passportNumber: 'X1234563', countryOfIssuance: 'MEX', docExpirationDate: '2030-01-01' }, 'X1234563', 3],
    ['i20DocumentID', { sevisId: '0012345676' }, '0012345676', 6],
    ['natrOfCertDocumentID', { naturalizationNumber: 'ABCDEF' }, 'ABCDEF', 0],
    ['otherCase2DocumentID', { i94Number: '12345678908', docDescReq: 'Parole document' }, '12345678908', 8],
  ])('reads the number of a %s and its last digit', (element, document, number, digit) => {
    expect(identifyDocument({ [element]: document })).toMatchObject({ element, number, digit });
  });

  it('marks citizenship and naturalization certificates, and only them', () => {
    expect(identifyDocument({ certOfCitDocumentID: { citizenshipNumber: 'C1234561' } }).citizenshipCertificate).toBe(true);
    expect(identifyDocument({ natrOfCertDocumentID: { naturalizationNumber: 'N1234561' } }).citizenshipCertificate).toBe(true);
    expect(identifyDocument({ i327DocumentID: { alienNumber: '123456781' } }).citizenshipCertificate).toBe(false);
  });
});
