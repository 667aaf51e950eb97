import { Problems } from '@dxhub/platform';

export interface NdjsonLine {
  /** 1-based, counting every line of the body (blank ones too), as an editor numbers them. */
  number: number;
  /** The line's bytes without its line ending; empty when the line was over the limit (see `tooLong`). */
  bytes: Buffer;
  /** The line was over `maxLineBytes`: its bytes were dropped as they came, never held. */
  tooLong: boolean;
}

export interface NdjsonLimits {
  /** The whole body; over it the upload is refused with 413. */
  maxBytes: number;
  maxBytesText: string;
  maxLineBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into NDJSON lines as it arrives (LF or CRLF endings; a last line without an ending
 * counts). Memory stays flat: at most one line (bounded by `maxLineBytes`) plus one incoming chunk is held,
 * and the consumer's pace is the reader's (back-pressure reaches the socket). Splitting on bytes never cuts a
 * UTF-8 character: LF cannot occur inside one.
 */
export async function* ndjsonLines(source: AsyncIterable<Buffer | string>, limits: NdjsonLimits): AsyncGenerator<NdjsonLine> {
  let received = 0;
  let number = 0;
  let parts: Buffer[] = [];
  let partsLength = 0;
  let tooLong = false;

  const take = (tail: Buffer): NdjsonLine => {
    number++;
    let bytes = tooLong ? Buffer.alloc(0) : parts.length ? Buffer.concat([...parts, tail]) : tail;
    if (bytes.length && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    const line = { number, bytes, tooLong };
    parts = [];
    partsLength = 0;
    tooLong = false;
    return line;
  };

  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    received += chunk.length;
    if (received > limits.maxBytes) throw Problems.payloadTooLarge(limits.maxBytesText);
    let start = 0;
    for (let end = chunk.indexOf(LF, start); end !== -1; end = chunk.indexOf(LF, start)) {
      const tail = chunk.subarray(start, end);
      if (partsLength + tail.length > limits.maxLineBytes) tooLong = true;
      yield take(tail);
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      partsLength += rest.length;
      if (partsLength > limits.maxLineBytes) {
        tooLong = true;
        parts = [];
      } else {
        // A copy: the chunk's buffer may be reused by the stream once we yield control.
        parts.push(Buffer.from(rest));
      }
    }
  }
  if (partsLength > 0 || tooLong) yield take(Buffer.alloc(0));
}
