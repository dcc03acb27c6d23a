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
};

export const caseTexts = { de, en, nl };
