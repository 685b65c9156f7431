/** A response body produced piece by piece (a 100,000-member group is never one string). */
export class JsonStream {
  constructor(readonly chunks: AsyncIterable<string>) {}

  async *bytes(): AsyncIterable<Uint8Array> {
    for await (const chunk of this.chunks) yield Buffer.from(chunk, 'utf8');
  }
}
