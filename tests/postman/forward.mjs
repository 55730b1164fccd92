// A reverse proxy per documented origin, in front of `errdocs mock`: each listens on a port of its
// own on 127.0.0.1 and passes every request to the mock with `X-Forwarded-Host` and
// `X-Forwarded-Proto` naming its origin, as a gateway in front of an API does, so the mock can
// tell sides documented for different hosts apart (`errdocs verify --forwarded` does the same).
//
// Usage: node forward.mjs MOCK_PORT ORIGIN...   Prints one line of JSON, origin → proxy base URL,
// once every proxy listens; runs until killed.
import http from "node:http";

const [mockPort, ...origins] = process.argv.slice(2);
const bases = {};
await Promise.all(
  origins.map(
    (origin) =>
      new Promise((listening) => {
        const [proto, host] = origin.split("://");
        const server = http.createServer((incoming, answer) => {
          // The fields as they arrived, in order (`rawHeaders` form), and the origin.
          const headers = [...incoming.rawHeaders, "X-Forwarded-Host", host, "X-Forwarded-Proto", proto];
          const upstream = http.request(
            {
              host: "127.0.0.1",
              port: Number(mockPort),
              method: incoming.method,
              path: incoming.url,
              headers,
            },
            (response) => {
              answer.writeHead(response.statusCode, response.statusMessage, response.rawHeaders);
              response.pipe(answer);
            },
          );
          upstream.on("error", (e) => {
            answer.writeHead(502, { "Content-Type": "text/plain" });
            answer.end(`the mock did not answer: ${e.message}\n`);
          });
          incoming.pipe(upstream);
        });
        server.listen(0, "127.0.0.1", () => {
          bases[origin] = `http://127.0.0.1:${server.address().port}`;
          listening();
        });
      }),
  ),
);
console.log(JSON.stringify(bases));
