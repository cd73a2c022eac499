import { CR, FS, MllpFrameDecoder, VT, encodeFrame } from './frame-decoder.js';

function payloads(decoder: MllpFrameDecoder, ...chunks: Buffer[]): string[] {
  return chunks.flatMap((chunk) =>
    decoder.push(chunk).map((item) => (item.type === 'frame' ? item.payload.toString('utf8') : `oversized:${item.totalBytes}`)),
  );
}

describe('encodeFrame', () => {
  it('When a message is encoded, then it is wrapped in VT ... FS CR', () => {
    expect([...encodeFrame('MSH|x')]).toEqual([VT, ...Buffer.from('MSH|x'), FS, CR]);
  });

  it('When a message has non-ASCII text, then it is encoded in the chosen encoding', () => {
    expect(encodeFrame('é', 'latin1')).toEqual(Buffer.from([VT, 0xe9, FS, CR]));
    expect(encodeFrame('é')).toEqual(Buffer.from([VT, 0xc3, 0xa9, FS, CR]));
  });
});

describe('MllpFrameDecoder', () => {
  it('When one chunk holds several frames, then each is returned in order', () => {
    const chunk = Buffer.concat([encodeFrame('one'), encodeFrame('two'), encodeFrame('three')]);

    expect(payloads(new MllpFrameDecoder(1024), chunk)).toEqual(['one', 'two', 'three']);
  });

  it('When a frame is split across chunks at every possible position, then it is returned once, whole', () => {
    const frame = encodeFrame('MSH|^~\\&|A|B');
    for (let cut = 1; cut < frame.length; cut += 1) {
      const decoder = new MllpFrameDecoder(1024);
      expect(payloads(decoder, frame.subarray(0, cut), frame.subarray(cut))).toEqual(['MSH|^~\\&|A|B']);
      expect(decoder.hasPartialFrame).toBe(false);
    }
  });

  it('When a frame arrives one byte at a time, then the payload is intact', () => {
    const frame = encodeFrame('MSH|byte by byte');
    const decoder = new MllpFrameDecoder(1024);

    const received = [...frame].flatMap((byte) => payloads(decoder, Buffer.from([byte])));

    expect(received).toEqual(['MSH|byte by byte']);
  });

  it('When bytes precede the start byte or sit between frames, then they are discarded and counted', () => {
    const decoder = new MllpFrameDecoder(1024);
    const chunk = Buffer.concat([Buffer.from('noise\r\n'), encodeFrame('one'), Buffer.from('xx'), encodeFrame('two')]);

    expect(payloads(decoder, chunk)).toEqual(['one', 'two']);
    // The CR after each FS is outside any frame too.
    expect(decoder.getStats().discardedBytes).toBe('noise\r\n'.length + 1 + 2 + 1);
  });

  it('When a new start byte arrives inside a frame, then the partial frame is abandoned', () => {
    const decoder = new MllpFrameDecoder(1024);
    const chunk = Buffer.concat([Buffer.from([VT]), Buffer.from('half a mess'), encodeFrame('whole')]);

    expect(payloads(decoder, chunk)).toEqual(['whole']);
    expect(decoder.getStats().abandonedFrames).toBe(1);
  });

  it('When a sender omits the CR after FS, then the frame still ends at FS', () => {
    const chunk = Buffer.concat([Buffer.from([VT]), Buffer.from('one'), Buffer.from([FS, VT]), Buffer.from('two'), Buffer.from([FS])]);

    expect(payloads(new MllpFrameDecoder(1024), chunk)).toEqual(['one', 'two']);
  });

  it('When a frame exceeds the maximum size, then only its head is kept and it is reported as oversized', () => {
    const decoder = new MllpFrameDecoder(8);
    const big = encodeFrame('MSH|0123456789abcdef');

    const [oversized, next] = [...decoder.push(big.subarray(0, 10)), ...decoder.push(big.subarray(10)), ...decoder.push(encodeFrame('ok'))];

    expect(oversized).toEqual({ type: 'oversized', head: Buffer.from('MSH|0123'), totalBytes: 20 });
    expect(next).toEqual({ type: 'frame', payload: Buffer.from('ok') });
    expect(decoder.getStats().oversizedFrames).toBe(1);
  });

  it('When a frame is exactly the maximum size, then it is accepted', () => {
    expect(payloads(new MllpFrameDecoder(5), encodeFrame('12345'))).toEqual(['12345']);
  });

  it('When the decoder is reset mid-frame, then the partial bytes are never delivered', () => {
    const decoder = new MllpFrameDecoder(1024);
    decoder.push(Buffer.concat([Buffer.from([VT]), Buffer.from('MSH|cut off')]));
    expect(decoder.hasPartialFrame).toBe(true);

    decoder.reset();

    expect(payloads(decoder, Buffer.from([FS, CR]), encodeFrame('next'))).toEqual(['next']);
  });

  it('When the caller reuses its chunk buffer, then an already buffered partial frame is not corrupted', () => {
    const decoder = new MllpFrameDecoder(1024);
    const chunk = Buffer.concat([Buffer.from([VT]), Buffer.from('abc')]);
    decoder.push(chunk);
    chunk.fill(0x7a);

    expect(payloads(decoder, Buffer.from([FS, CR]))).toEqual(['abc']);
  });

  it('When maxFrameBytes is not a positive integer, then construction fails', () => {
    expect(() => new MllpFrameDecoder(0)).toThrow(RangeError);
  });
});
