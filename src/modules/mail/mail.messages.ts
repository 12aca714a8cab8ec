/**
 * Every mail's words in English, French and Spanish: a mail goes out in its recipient's language
 * (their preference, else the site's `default_language`), and its subject says what it is.
 */
import type { Language } from '../../db/entities/index.ts';

interface Messages {
  hello: (name: string) => string;
  orCode: string;
  expires: (expiry: string) => string;
  hours: (n: number) => string;
  minutes: (n: number) => string;
  verify: { subject: (site: string) => string; intro: (address: string) => string; action: string };
  reset: { subject: (site: string) => string; intro: string; action: string };
  contact: {
    subject: (site: string, name: string) => string;
    title: string;
    from: string;
    meta: (id: number, at: string) => string;
    ip: (ip: string) => string;
  };
  test: { subject: (site: string) => string; title: string; line: (site: string) => string };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const MAIL_MESSAGES: Record<Language, Messages> = {
  en: {
    hello: (name) => `Hello ${name},`,
    orCode: 'Or use this code:',
    expires: (expiry) => `It expires in ${expiry} and works once. If you did not ask for it, ignore this message.`,
    hours: (n) => plural(n, 'hour', 'hours'),
    minutes: (n) => plural(n, 'minute', 'minutes'),
    verify: {
      subject: (site) => `Confirm your email address for ${site}`,
      intro: (address) => `Please confirm that ${address} is your email address by opening this link:`,
      action: 'Confirm my email address',
    },
    reset: {
      subject: (site) => `Reset your ${site} password`,
      intro: 'Someone (hopefully you) asked to reset the password of your account. Choose a new one here:',
      action: 'Choose a new password',
    },
    contact: {
      subject: (site, name) => `[${site}] Contact form: ${name}`,
      title: 'Contact form',
      from: 'From:',
      meta: (id, at) => `Message #${id}, received ${at}`,
      ip: (ip) => ` from ${ip}`,
    },
    test: {
      subject: (site) => `${site}: SMTP test`,
      title: 'SMTP test',
      line: (site) => `This is a test message from ${site}: the mail settings work.`,
    },
  },
  fr: {
    hello: (name) => `Bonjour ${name},`,
    orCode: 'Ou utilisez ce code :',
    expires: (expiry) => `Il expire dans ${expiry} et ne sert qu’une fois. Si vous ne l’avez pas demandé, ignorez ce message.`,
    hours: (n) => plural(n, 'heure', 'heures'),
    minutes: (n) => plural(n, 'minute', 'minutes'),
    verify: {
      subject: (site) => `Confirmez votre adresse e-mail pour ${site}`,
      intro: (address) => `Confirmez que ${address} est bien votre adresse e-mail en ouvrant ce lien :`,
      action: 'Confirmer mon adresse e-mail',
    },
    reset: {
      subject: (site) => `Réinitialisez votre mot de passe ${site}`,
      intro: 'Quelqu’un (vous, espérons-le) a demandé à réinitialiser le mot de passe de votre compte. Choisissez-en un nouveau ici :',
      action: 'Choisir un nouveau mot de passe',
    },
    contact: {
      subject: (site, name) => `[${site}] Formulaire de contact : ${name}`,
      title: 'Formulaire de contact',
      from: 'De :',
      meta: (id, at) => `Message n° ${id}, reçu le ${at}`,
      ip: (ip) => ` depuis ${ip}`,
    },
    test: {
      subject: (site) => `${site} : test SMTP`,
      title: 'Test SMTP',
      line: (site) => `Ceci est un message de test de ${site} : les réglages d’envoi des e-mails fonctionnent.`,
    },
  },
  es: {
    hello: (name) => `Hola, ${name}:`,
    orCode: 'O use este código:',
    expires: (expiry) => `Caduca en ${expiry} y solo sirve una vez. Si no lo ha pedido, ignore este mensaje.`,
    hours: (n) => plural(n, 'hora', 'horas'),
    minutes: (n) => plural(n, 'minuto', 'minutos'),
    verify: {
      subject: (site) => `Confirme su dirección de correo para ${site}`,
      intro: (address) => `Confirme que ${address} es su dirección de correo abriendo este enlace:`,
      action: 'Confirmar mi correo',
    },
    reset: {
      subject: (site) => `Restablezca su contraseña de ${site}`,
      intro: 'Alguien (esperamos que usted) ha pedido restablecer la contraseña de su cuenta. Elija una nueva aquí:',
      action: 'Elegir una nueva contraseña',
    },
    contact: {
      subject: (site, name) => `[${site}] Formulario de contacto: ${name}`,
      title: 'Formulario de contacto',
      from: 'De:',
      meta: (id, at) => `Mensaje n.º ${id}, recibido el ${at}`,
      ip: (ip) => ` desde ${ip}`,
    },
    test: {
      subject: (site) => `${site}: prueba SMTP`,
      title: 'Prueba SMTP',
      line: (site) => `Este es un mensaje de prueba de ${site}: la configuración del correo funciona.`,
    },
  },
};
