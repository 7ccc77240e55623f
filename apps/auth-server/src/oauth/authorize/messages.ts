import type { Locale } from './domain/locale.js';

/**
 * What the sign-in pages say, per language. Functions take values already HTML-escaped (names
 * in <strong>), so a translation places them where its grammar wants.
 */
export interface Messages {
  readonly signInTitle: string;
  readonly toContinueTo: (clientHtml: string) => string;
  readonly email: string;
  readonly password: string;
  readonly signInButton: string;
  readonly consentTitle: string;
  readonly consentIntro: (clientHtml: string, emailHtml: string) => string;
  readonly confirmWhoYouAre: string;
  readonly mayAccess: (clientHtml: string, apiHtml: string) => string;
  readonly allow: string;
  readonly deny: string;
  readonly secondStepTitle: string;
  readonly secondStepIntro: string;
  readonly code: string;
  readonly continueButton: string;
  readonly enrolTitle: string;
  readonly enrolIntro: string;
  readonly confirmButton: string;
  readonly recoveryTitle: string;
  readonly recoveryIntro: string;
  readonly enterEmailAndPassword: string;
  readonly wrongCredentials: string;
  readonly lockedOut: string;
  readonly wrongCode: string;
  readonly cannotUseApp: string;
  readonly signInEnded: string;
  /** The identity scopes in words (openid, profile, email, offline_access). */
  readonly identityScopes: Readonly<Record<string, string>>;
}

const EN: Messages = {
  signInTitle: 'Sign in',
  toContinueTo: (client) => `to continue to ${client}`,
  email: 'Email',
  password: 'Password',
  signInButton: 'Sign in',
  consentTitle: 'Allow access?',
  consentIntro: (client, email) => `${client} asks to act for you (${email}). It will be able to:`,
  confirmWhoYouAre: 'confirm who you are',
  mayAccess: (client, api) => `${client} may access ${api} on your behalf:`,
  allow: 'Allow',
  deny: 'Deny',
  secondStepTitle: 'Second step',
  secondStepIntro:
    'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
  code: 'Code',
  continueButton: 'Continue',
  enrolTitle: 'Set up a second factor',
  enrolIntro:
    'Your account needs a second factor. Add this key to an authenticator app (time-based, 6 digits, 30 seconds), then enter the code it shows.',
  confirmButton: 'Confirm',
  recoveryTitle: 'Save your recovery codes',
  recoveryIntro:
    'Each code signs you in once if you lose your authenticator. They are shown only now: keep them somewhere safe.',
  enterEmailAndPassword: 'Enter your email and password.',
  wrongCredentials: 'The email or password is wrong.',
  lockedOut: 'Too many failed sign-in attempts. Try again later.',
  wrongCode: 'The code is wrong or was used already.',
  cannotUseApp: 'This account cannot sign in to this application.',
  signInEnded: 'Your sign-in has ended. Sign in again.',
  identityScopes: {
    openid: 'Confirm who you are',
    profile: 'See your name',
    email: 'See your email address',
    offline_access: 'Keep access while you are away (until you sign out of it)',
  },
};

const DE: Messages = {
  signInTitle: 'Anmelden',
  toContinueTo: (client) => `um mit ${client} fortzufahren`,
  email: 'E-Mail',
  password: 'Passwort',
  signInButton: 'Anmelden',
  consentTitle: 'Zugriff erlauben?',
  consentIntro: (client, email) =>
    `${client} möchte in Ihrem Namen handeln (${email}). Die Anwendung darf dann:`,
  confirmWhoYouAre: 'bestätigen, wer Sie sind',
  mayAccess: (client, api) => `${client} darf in Ihrem Namen auf ${api} zugreifen:`,
  allow: 'Erlauben',
  deny: 'Ablehnen',
  secondStepTitle: 'Zweiter Schritt',
  secondStepIntro:
    'Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.',
  code: 'Code',
  continueButton: 'Weiter',
  enrolTitle: 'Zweiten Faktor einrichten',
  enrolIntro:
    'Ihr Konto braucht einen zweiten Faktor. Fügen Sie diesen Schlüssel einer Authenticator-App hinzu (zeitbasiert, 6 Ziffern, 30 Sekunden) und geben Sie den angezeigten Code ein.',
  confirmButton: 'Bestätigen',
  recoveryTitle: 'Wiederherstellungscodes speichern',
  recoveryIntro:
    'Jeder Code meldet Sie einmal an, falls Sie Ihren Authenticator verlieren. Sie werden nur jetzt angezeigt: Bewahren Sie sie sicher auf.',
  enterEmailAndPassword: 'Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.',
  wrongCredentials: 'E-Mail-Adresse oder Passwort ist falsch.',
  lockedOut: 'Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es später erneut.',
  wrongCode: 'Der Code ist falsch oder wurde schon verwendet.',
  cannotUseApp: 'Dieses Konto kann sich bei dieser Anwendung nicht anmelden.',
  signInEnded: 'Ihre Anmeldung ist abgelaufen. Melden Sie sich erneut an.',
  identityScopes: {
    openid: 'Bestätigen, wer Sie sind',
    profile: 'Ihren Namen sehen',
    email: 'Ihre E-Mail-Adresse sehen',
    offline_access: 'Zugriff behalten, während Sie abwesend sind (bis Sie ihn beenden)',
  },
};

export const MESSAGES: Readonly<Record<Locale, Messages>> = { en: EN, de: DE };
