const { stopHubProcess } = require('../dist/libs/testing/src');

module.exports = async function globalTeardown() {
  await Promise.all((globalThis.__HUB__ ?? []).map((running) => stopHubProcess(running)));
};
