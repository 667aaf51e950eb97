/** ResponseMetadata codes of the real Hub (DOMAIN.md): HS success, HE business/data error, HX system exception. */
export const HubCode = {
  success: 'HS000000',
  schemaValidation: 'HE007000',
  wrongContentType: 'HE007004',
  missingHeader: 'HE007005',
  sourceException: 'HX005001',
  hubException: 'HX009000',
  // IRS (IFSV): a systemic error is answered at HTTP 500; the other two per tax filer inside a 200.
  irsSystemicError: 'HE020001',
  irsSpouseMismatch: 'HE020003',
  irsReturnUnavailable: 'HE020004',
} as const;

export type HubResponseCode = (typeof HubCode)[keyof typeof HubCode];

export interface ResponseMetadata {
  responseCode: string;
  responseText: string;
}

export const SUCCESS_METADATA: ResponseMetadata = { responseCode: HubCode.success, responseText: 'Success' };
