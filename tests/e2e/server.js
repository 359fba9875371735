// Starts the telegram-test-api emulator on 127.0.0.1:PORT for tests/test_e2e.py.
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: '127.0.0.1', storage: 'RAM', storeTimeout: 600 });

server.start().then(() => {
  process.stdout.write('ready\n');
});

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
