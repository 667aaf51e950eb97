// Keyset pagination over ids, newest first: ids are ULID-based, so their order is creation order, and
// "id < cursor" needs no OFFSET scan. The cursor is opaque to callers; a malformed one is their error (400).

const ID_SHAPE = /^[a-z]{1,8}_[0-9A-HJKMNP-TV-Z]{26}$/;

export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId).toString('base64url');
}

export function decodeCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return ID_SHAPE.test(id) && encodeCursor(id) === cursor ? id : null;
}
