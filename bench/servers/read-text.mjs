// The body reading of the bare (c) and SDK (d) routes: UTF-8 text, at most `limit` bytes, then JSON.parse.
// The same work twinfire's own reader does, without its validation.
export function readJson(req, limit = 65_536) {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) return reject(Object.assign(new Error('too large'), { status: 413 }));
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) return reject(Object.assign(new Error('too large'), { status: 413 }));
      chunks.push(chunk);
    });
    req.once('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(Object.assign(new Error('invalid json'), { status: 400 }));
      }
    });
    req.once('error', reject);
  });
}
