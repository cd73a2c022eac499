// Jest loads global setup with Node's own require, outside its module mapper; tsx resolves the
// TypeScript sources (and their `.js` import specifiers) so the real setup can stay in TypeScript.
require('tsx/cjs/api').register();
module.exports = require('./services/start.ts').default;
