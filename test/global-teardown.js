require('tsx/cjs/api').register();
module.exports = require('./services/stop.ts').default;
