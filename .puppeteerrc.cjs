// whatsapp-web.js depends on puppeteer; its postinstall would download a browser, which
// cannot be fetched here and is not wanted in production either: we drive Debian's
// Chromium (CHROMIUM_PATH, default /usr/bin/chromium) instead.
module.exports = { skipDownload: true };
