// @ts-check
/**
 * What a Passenger visitor sees when the app could not start (Node too old, a bad configuration, a
 * database file it cannot write): a plain 503 page saying what is wrong in general terms and where
 * the details are, in English, French and Spanish, instead of Passenger's generic 500 "process
 * exited prematurely". The details themselves (variable names, values, paths) go only to the log.
 * Plain CommonJS with no dependency: it must work on the Node that is too old for the app.
 */
'use strict';

const http = require('http');

/** @typedef {'node' | 'config' | 'failure'} FailureKind */

/** @type {Record<FailureKind, { en: string, fr: string, es: string }>} */
const REASONS = {
  node: {
    en: 'The Node.js version chosen for this application is too old: Filamenta needs Node.js {minimum} or newer.',
    fr: 'La version de Node.js choisie pour cette application est trop ancienne : Filamenta demande Node.js {minimum} ou plus récent.',
    es: 'La versión de Node.js elegida para esta aplicación es demasiado antigua: Filamenta necesita Node.js {minimum} o posterior.',
  },
  config: {
    en: "The application's configuration is invalid (its environment variables or its .env file), or it cannot write its database file.",
    fr: "La configuration de l'application n'est pas valide (ses variables d'environnement ou son fichier .env), ou elle ne peut pas écrire son fichier de base de données.",
    es: 'La configuración de la aplicación no es válida (sus variables de entorno o su archivo .env), o no puede escribir su archivo de base de datos.',
  },
  failure: {
    en: 'The application stopped with an error while starting.',
    fr: "L'application s'est arrêtée sur une erreur au démarrage.",
    es: 'La aplicación se detuvo con un error al iniciarse.',
  },
};

const TEXT = {
  title: { en: 'Filamenta cannot start', fr: 'Filamenta ne peut pas démarrer', es: 'Filamenta no puede iniciarse' },
  log: {
    en: "The details are in the application's log: Passenger's log file (in cPanel, the \"Passenger log file\" of Setup Node.js App; without one, the web server's error log). Fix the cause, then restart the application.",
    fr: "Le détail est dans le journal de l'application : le fichier de log de Passenger (dans cPanel, le « Passenger log file » de Setup Node.js App ; sinon, le journal d'erreurs du serveur web). Corrigez la cause, puis redémarrez l'application.",
    es: 'Los detalles están en el registro de la aplicación: el archivo de registro de Passenger (en cPanel, el "Passenger log file" de Setup Node.js App; si no hay ninguno, el registro de errores del servidor web). Corrija la causa y reinicie la aplicación.',
  },
};

/** @param {string} text */
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * @param {FailureKind} kind
 * @param {string} minimum the Node.js version the app needs
 */
function failurePage(kind, minimum) {
  const sections = /** @type {const} */ (['en', 'fr', 'es']).map((lang) =>
    [
      `<section lang="${lang}">`,
      `<h1>${escapeHtml(TEXT.title[lang])}</h1>`,
      `<p>${escapeHtml(REASONS[kind][lang].replace('{minimum}', minimum))}</p>`,
      `<p>${escapeHtml(TEXT.log[lang])}</p>`,
      '</section>',
    ].join('\n'),
  );
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escapeHtml(TEXT.title.en)}</title></head>\n<body>\n${sections.join('\n<hr>\n')}\n</body>\n</html>\n`;
}

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Retry-After': '60',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Answers every request with the failure page on the socket Passenger gives the first listen(),
 * until Passenger (its 'exit' event) or a signal stops the process.
 * @param {FailureKind} kind
 * @param {string} minimum
 * @param {{ on(event: 'exit', listener: () => void): void }} passenger
 */
function serveFailurePage(kind, minimum, passenger) {
  const page = Buffer.from(failurePage(kind, minimum));
  const server = http.createServer((req, res) => {
    res.writeHead(503, Object.assign({ 'Content-Length': page.length }, HEADERS));
    res.end(req.method === 'HEAD' ? undefined : page);
  });
  const stop = () => process.exit(0);
  passenger.on('exit', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server.listen(0);
}

module.exports = { failurePage, serveFailurePage };
