// The Slack ack bench's floor: a plain node:http server that reads each request's body and answers 200 with no body,
// nothing else. The same bursts from the same client measured against it show what the client and the machine cost
// before the service does any work. Run as a forked child: it sends its loopback port to the parent over IPC.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => res.writeHead(200, { 'content-length': '0' }).end());
});
// As the service's default HTTP_KEEP_ALIVE_TIMEOUT_MS: idle connections close (and are reopened) as the service's do.
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));
// The parent gone (crashed bench), nothing is left listening.
process.on('disconnect', () => process.exit(0));
