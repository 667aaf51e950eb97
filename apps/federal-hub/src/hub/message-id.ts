/** The Hub's correlation header: every call carries a unique one, and every answer echoes it. */
export const MESSAGE_ID_HEADER = 'messageID';

/** The header's value when it is a sane token (1-255 visible ASCII characters), else undefined. */
export function messageIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers[MESSAGE_ID_HEADER.toLowerCase()];
  return typeof value === 'string' && /^[\x21-\x7e]{1,255}$/.test(value) ? value : undefined;
}
