import type { VlpDocumentType } from './vlp-request-fragments';

/** The document as the state gives it (validated by `vlpDocumentSchema`): one key, its fields. */
export type VlpDocument = Partial<Record<VlpDocumentType, VlpDocumentFields>>;

export interface VlpDocumentFields {
  alienNumber?: string;
  receiptNumber?: string;
  i94Number?: string;
  sevisId?: string;
  passportNumber?: string;
  countryOfIssuance?: string;
  visaNumber?: string;
  citizenshipNumber?: string;
  naturalizationNumber?: string;
  docExpirationDate?: string;
  documentDescription?: string;
}

/** The Hub's DHSID element of each document type, and whether it nests the passport as `passportCountry`. */
const DHS_ID: Record<VlpDocumentType, { element: string; nestedPassport: boolean }> = {
  i327: { element: 'i327DocumentID', nestedPassport: false },
  i551: { element: 'i551DocumentID', nestedPassport: false },
  i571: { element: 'i571DocumentID', nestedPassport: false },
  i766: { element: 'i766DocumentID', nestedPassport: false },
  certificateOfCitizenship: { element: 'certOfCitDocumentID', nestedPassport: false },
  naturalizationCertificate: { element: 'natrOfCertDocumentID', nestedPassport: false },
  machineReadableImmigrantVisa: { element: 'macReadI551DocumentID', nestedPassport: false },
  temporaryI551Stamp: { element: 'tempI551DocumentID', nestedPassport: true },
  i94: { element: 'i94DocumentID', nestedPassport: false },
  i94InForeignPassport: { element: 'i94UnexpForeignPassportDocumentID', nestedPassport: false },
  foreignPassport: { element: 'unexpForeignPassportDocumentID', nestedPassport: false },
  i20: { element: 'i20DocumentID', nestedPassport: true },
  ds2019: { element: 'ds2019DocumentID', nestedPassport: true },
  otherWithAlienNumber: { element: 'otherCase1DocumentID', nestedPassport: true },
  otherWithI94Number: { element: 'otherCase2DocumentID', nestedPassport: true },
};

/**
 * The Hub's `dhsId` for the state's document: numbers in the Hub's formats (A-number without its A,
 * SEVIS ID without its N, letters upper case), the passport nested where the Hub nests it.
 */
export function toDhsId(document: VlpDocument): Record<string, Record<string, unknown>> {
  const [type, fields] = Object.entries(document)[0] as [VlpDocumentType, VlpDocumentFields];
  const { element, nestedPassport } = DHS_ID[type];
  const passport =
    fields.passportNumber === undefined ? {}
    : { passportNumber: fields.passportNumber.toUpperCase(), countryOfIssuance: fields.countryOfIssuance!.toUpperCase() };
  const message: Record<string, unknown> = {
    ...(fields.alienNumber !== undefined ? { alienNumber: fields.alienNumber.replace(/^A/i, '') } : {}),
    ...(fields.receiptNumber !== undefined ? { receiptNumber: fields.receiptNumber.toUpperCase() } : {}),
    ...(fields.i94Number !== undefined ? { i94Number: fields.i94Number.toUpperCase() } : {}),
    ...(fields.visaNumber !== undefined ? { visaNumber: fields.visaNumber.toUpperCase() } : {}),
    ...(nestedPassport ? (fields.passportNumber !== undefined ? { passportCountry: passport } : {}) : passport),
    ...(fields.sevisId !== undefined ? { sevisId: fields.sevisId.replace(/^N/i, '') } : {}),
    ...(fields.citizenshipNumber !== undefined ? { citizenshipNumber: fields.citizenshipNumber } : {}),
    ...(fields.naturalizationNumber !== undefined ? { naturalizationNumber: fields.naturalizationNumber } : {}),
    ...(fields.docExpirationDate !== undefined ? { docExpirationDate: fields.docExpirationDate } : {}),
    ...(fields.documentDescription !== undefined ? { docDescReq: fields.documentDescription } : {}),
  };
  return { [element]: message };
}
