/**
 * The text a PDF made by pdf-lib shows: inflates each content stream and decodes the hex strings of
 * its `Tj` operators (how pdf-lib writes standard-font text). Enough to assert what a reader sees.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const raw = new TextDecoder("latin1").decode(bytes);
  const parts: string[] = [];
  const streamPattern = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = streamPattern.exec(raw); match; match = streamPattern.exec(raw)) {
    const start = match.index + match[0].length;
    const length = Number(match[1]!.match(/\/Length (\d+)/)?.[1] ?? raw.indexOf("endstream", start) - start);
    const data = bytes.slice(start, start + length);
    const content = match[1]!.includes("/FlateDecode") ? await inflate(data) : new TextDecoder("latin1").decode(data);
    for (const hex of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const codes = hex[1]!.match(/../g) ?? [];
      parts.push(String.fromCharCode(...codes.map((h) => Number.parseInt(h, 16))));
    }
  }
  return parts.join("\n");
}

async function inflate(data: Uint8Array): Promise<string> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new TextDecoder("latin1").decode(await new Response(stream).arrayBuffer());
}
