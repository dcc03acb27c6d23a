/**
 * What the citizen and the followers read about their case (issue 12), in de, en and nl — spread
 * into the dialogue catalogues, so staff may override them like every dialogue text. Outside the
 * 24-hour window the approved case-update template (reference and status) stands in; these texts
 * are the full message.
 */
const de = {
  'case.status.new': 'eingegangen',
  'case.status.accepted': 'angenommen',
  'case.status.in_progress': 'in Bearbeitung',
  'case.status.resolved': 'erledigt',
  'case.status.rejected': 'abgelehnt',
  'case.status.forwarded': 'weitergeleitet',
  'case.status.duplicate': 'zusammengeführt',
  'case.update.status': 'Neuigkeiten zu Ihrer Meldung {reference}: Sie ist jetzt *{status}*.',
  'case.update.reason': 'Begründung: {reason}',
  'case.update.forwarded': 'Zuständig ist jetzt: {to}.',
  'case.update.duplicate': 'Sie wird zusammen mit der Meldung {other} bearbeitet; Neuigkeiten erhalten Sie dort.',
  'case.update.reply': 'Antwort der Stadt zu Ihrer Meldung {reference}:\n\n{text}',
  'case.update.replied': 'neue Antwort',
  'case.solved.question': 'Ist Ihr Anliegen damit gelöst?',
  'case.solved.yes': 'Ja, gelöst',
  'case.solved.no': 'Nein, noch nicht',
  'case.solved.thanks': 'Danke für Ihre Rückmeldung!',
  'case.solved.reopened': 'Danke – wir sehen uns Ihre Meldung {reference} noch einmal an und melden uns.',
  'case.solved.noted': 'Danke, Ihre Rückmeldung zu {reference} haben wir schon.',
};

const en: typeof de = {
  'case.status.new': 'received',
  'case.status.accepted': 'accepted',
  'case.status.in_progress': 'in progress',
  'case.status.resolved': 'resolved',
  'case.status.rejected': 'rejected',
  'case.status.forwarded': 'forwarded',
  'case.status.duplicate': 'merged',
  'case.update.status': 'News about your report {reference}: it is now *{status}*.',
  'case.update.reason': 'Reason: {reason}',
  'case.update.forwarded': 'It is now handled by: {to}.',
  'case.update.duplicate': 'It is handled together with report {other}; you will get the news from there.',
  'case.update.reply': 'The town’s answer to your report {reference}:\n\n{text}',
  'case.update.replied': 'new answer',
  'case.solved.question': 'Has this solved your issue?',
  'case.solved.yes': 'Yes, solved',
  'case.solved.no': 'No, not yet',
  'case.solved.thanks': 'Thank you for your feedback!',
  'case.solved.reopened': 'Thank you – we will look at your report {reference} again and get back to you.',
  'case.solved.noted': 'Thank you, we already have your feedback on {reference}.',
};

const nl: typeof de = {
  'case.status.new': 'ontvangen',
  'case.status.accepted': 'geaccepteerd',
  'case.status.in_progress': 'in behandeling',
  'case.status.resolved': 'opgelost',
  'case.status.rejected': 'afgewezen',
  'case.status.forwarded': 'doorgestuurd',
  'case.status.duplicate': 'samengevoegd',
  'case.update.status': 'Nieuws over uw melding {reference}: die is nu *{status}*.',
  'case.update.reason': 'Reden: {reason}',
  'case.update.forwarded': 'Verantwoordelijk is nu: {to}.',
  'case.update.duplicate': 'Die wordt samen met melding {other} behandeld; het nieuws krijgt u daar.',
  'case.update.reply': 'Antwoord van de stad op uw melding {reference}:\n\n{text}',
  'case.update.replied': 'nieuw antwoord',
  'case.solved.question': 'Is uw melding hiermee opgelost?',
  'case.solved.yes': 'Ja, opgelost',
  'case.solved.no': 'Nee, nog niet',
  'case.solved.thanks': 'Bedankt voor uw reactie!',
  'case.solved.reopened': 'Bedankt – we bekijken uw melding {reference} nog een keer en laten van ons horen.',
  'case.solved.noted': 'Bedankt, uw reactie op {reference} hebben we al.',
};

export const caseTexts = { de, en, nl };
