import { DhsDocument, DhsId } from './vlp.types';

/** The number that identifies each document type to DHS, and so picks its answer. */
const PRIMARY_NUMBER: Record<string, keyof DhsDocument> = {
  i327DocumentID: 'alienNumber',
  i551DocumentID: 'alienNumber',
  i571DocumentID: 'alienNumber',
  i766DocumentID: 'alienNumber',
  certOfCitDocumentID: 'citizenshipNumber',
  natrOfCertDocumentID: 'naturalizationNumber',
  macReadI551DocumentID: 'alienNumber',
  tempI551DocumentID: 'alienNumber',
  i94DocumentID: 'i94Number',
  i94UnexpForeignPassportDocumentID: 'i94Number',
  unexpForeignPassportDocumentID: 'passportNumber',
  i20DocumentID: 'sevisId',
  ds2019DocumentID: 'sevisId',
  otherCase1DocumentID: 'alienNumber',
  otherCase2DocumentID: 'i94Number',
};

/** Certificates that prove citizenship: a record found for one of them is a citizen's. */
const CITIZENSHIP_CERTIFICATES = new Set(['certOfCitDocumentID', 'natrOfCertDocumentID']);

export interface IdentifiedDocument {
  /** The DHSID element, e.g. `i551DocumentID`. */
  element: string;
  number: string;
  /** The last digit of the number (0 when it has none): which answer of the synthetic population. */
  digit: number;
  citizenshipCertificate: boolean;
}

/** The document of a valid request (the schema allows exactly one element with its number). */
export function identifyDocument(dhsId: DhsId): IdentifiedDocument {
  const [element, document] = Object.entries(dhsId)[0];
  const number = String(document[PRIMARY_NUMBER[element]]);
  const lastDigit = /(\d)\D*$/.exec(number)?.[1];
  return { element, number, digit: lastDigit === undefined ? 0 : Number(lastDigit), citizenshipCertificate: CITIZENSHIP_CERTIFICATES.has(element) };
}
