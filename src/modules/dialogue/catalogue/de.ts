/**
 * The dialogue's German texts (the reference catalogue: every key here exists in en and nl).
 * Placeholders in braces are filled by the engine; staff may override any text through the
 * setting `dialogue_texts` as long as the placeholders stay the same (docs/dialogue.md).
 * Limits: button titles ≤ 20 characters, list row titles ≤ 24, row descriptions ≤ 72, list
 * button labels ≤ 20, footers ≤ 60 — the catalogue test checks every message built from them.
 */
import { reportTexts } from '../../reports/report.texts.js'; // the report flow (issue 11)
import { caseTexts } from '../../cases/case.texts.js'; // case updates (issue 12)

export const de = {
  'welcome.intro': 'Hallo! Hier schreibt der {service}, der WhatsApp-Dienst der Stadt {town}.',
  'welcome.footer': 'English? LANGUAGE · Nederlands? TAAL',
  /** The consent text (its version is recorded with each consent; see CONSENT_VERSION). */
  'consent.question':
    'Möchten Sie Mitteilungen der Stadt {town} hier in WhatsApp erhalten? Wir beginnen mit den *{urgent_topic}* (Warnungen und dringende Hinweise); weitere Themen wählen Sie im nächsten Schritt. Ihre Nummer nutzen wir nur dafür. Abmelden geht jederzeit mit STOP.',
  'consent.yes': 'Ja, gerne',
  'consent.no': 'Nein, danke',
  'consent.lead.start': 'Schön, dass Sie (wieder) dabei sein möchten.',
  'consent.lead.resume': 'Ihre früheren Themen wählen wir danach wieder aus: {topics}.',
  'consent.lead.topics': 'Um Themen zu wählen, brauchen wir zuerst Ihre Zustimmung.',
  'consent.lead.hint': 'Bitte tippen Sie auf „Ja, gerne“ oder „Nein, danke“.',
  'consent.declined': 'In Ordnung – Sie erhalten keine Mitteilungen. Wenn Sie es sich anders überlegen, schreiben Sie START. Alles, was ich kann: MENÜ.',
  'consent.already': 'Sie sind bereits angemeldet.',
  'privacy.line': 'Datenschutz: {privacy_url}',
  'button.menu': 'Menü',

  'topics.lead.consented': 'Danke! Sie sind angemeldet.',
  'topics.lead.added': '✓ {topic} ist dazugekommen.',
  'topics.lead.removed': '{topic} ist abgewählt.',
  'topics.lead.hint': 'Bitte wählen Sie ein Thema aus der Liste – oder schreiben Sie FERTIG.',
  'topics.current': 'Ihre Themen: {topics}.',
  'topics.none': 'noch keine',
  'topics.instructions': 'Öffnen Sie „Themen wählen“ und tippen Sie ein Thema an, um es an- oder abzuwählen (✓ = abonniert). Zum Schluss „Fertig“.',
  'topics.button': 'Themen wählen',
  'topics.section': 'Themen',
  'topics.done.title': 'Fertig',
  'topics.done.description': 'Auswahl speichern und beenden',
  'topics.more.title': 'Weitere Themen →',
  'topics.back.title': '← Vorige Themen',
  'topics.page.description': 'Seite {page} von {pages}',
  'topics.confirmed': 'Gespeichert. Sie erhalten Mitteilungen zu: {topics}.\nÄndern: THEMEN · Abmelden: STOP · Alles Weitere: MENÜ',
  'topics.confirmed.none': 'Gespeichert. Sie haben gerade kein Thema gewählt und erhalten daher keine Mitteilungen. Themen wählen: THEMEN · Alles Weitere: MENÜ',

  'stop.confirmed': 'Sie sind abgemeldet und erhalten keine Mitteilungen mehr; Ihre Einwilligung ist widerrufen. Wieder anmelden: START.',
  'stop.cases.question': 'Rückmeldungen zu Ihren eigenen Anliegen bekommen Sie weiterhin. Auch Rückmeldungen stoppen?',
  'stop.cases.already': 'Auch Rückmeldungen zu Ihren Anliegen sind gestoppt.',
  'stop.cases.yes': 'Ja, auch stoppen',
  'stop.cases.no': 'Nein, behalten',
  'stop.cases.done': 'Erledigt: Auch Rückmeldungen zu Ihren Anliegen schicken wir Ihnen nicht mehr. Wieder alles erhalten: START.',
  'stop.cases.kept': 'In Ordnung: Rückmeldungen zu Ihren Anliegen bekommen Sie weiterhin.',
  'start.lead.subscribed': 'Sie sind angemeldet.',
  'start.lead.cases': 'Rückmeldungen zu Ihren Anliegen erhalten Sie wieder.',

  'menu.body': 'Was möchten Sie tun? Tippen Sie auf „Menü öffnen“. Stichwörter gehen auch: THEMEN, STOP, START, SPRACHE, HILFE.',
  'menu.button': 'Menü öffnen',
  'menu.section': 'Möglichkeiten',
  'menu.lead.unknown': 'Das habe ich leider nicht verstanden.',
  'menu.lead.greeting': 'Hallo! Schön, von Ihnen zu hören.',
  'menu.lead.stale': 'Diese Auswahl gehört zu einer älteren Nachricht und gilt nicht mehr.',
  'menu.subscribe.title': 'Mitteilungen abonnieren',
  'menu.subscribe.description': 'Nachrichten der Stadt zu Themen Ihrer Wahl',
  'menu.topics.title': 'Meine Themen',
  'menu.topics.description': 'Themen ansehen und ändern',
  'menu.report.title': 'Anliegen melden',
  'menu.report.description': 'Schaden, Hinweis, Idee oder Lob',
  'menu.mydata.title': 'Meine Daten',
  'menu.mydata.description': 'Was über Sie gespeichert ist',
  'menu.delete.title': 'Meine Daten löschen',
  'menu.delete.description': 'Ihre Daten löschen lassen',
  'menu.language.title': 'Sprache ändern',
  'menu.language.description': 'Deutsch, English, Nederlands',
  'menu.stop.title': 'Abmelden (STOP)',
  'menu.stop.description': 'Keine Mitteilungen mehr erhalten',
  'menu.privacy.title': 'Datenschutz',
  'menu.privacy.description': 'Wie wir mit Ihren Daten umgehen',
  'menu.contact.title': 'Kontakt zur Stadt',
  'menu.contact.description': 'Telefon und E-Mail',

  'report.soon':
    'Danke für Ihre Nachricht! Meldungen – Schäden, Hinweise, Ideen oder Lob – nehmen wir hier bald direkt entgegen. Bis dahin wenden Sie sich bitte an die Stadt {town}: {contact}. Alles, was ich schon kann: MENÜ.',
  'data.soon':
    'Die Auskunft über Ihre gespeicherten Daten (Art. 15 DSGVO) gibt es hier bald direkt im Chat. Bis dahin erhalten Sie sie bei der Stadt {town}: {contact}. Datenschutz: {privacy_url}',
  'delete.soon':
    'Das Löschen Ihrer Daten (Art. 17 DSGVO) direkt im Chat kommt bald. Bis dahin wenden Sie sich bitte an die Stadt {town}: {contact}. Keine Mitteilungen mehr: STOP.',
  'data.intro': 'Das ist bei der Stadt {town} über Sie gespeichert (Auskunft nach Art. 15 DSGVO). Löschen lassen: LÖSCHEN. Datenschutz: {privacy_url}',
  'data.link':
    'Ihre gespeicherten Daten sind zu umfangreich für eine Nachricht. Hier können Sie sie einmal abrufen – der Link gilt bis {until} und nur für einen Aufruf: {url}\nSpeichern oder drucken Sie die Seite gleich. Löschen lassen: LÖSCHEN.',
  'data.document.title': 'Ihre bei der Stadt {town} gespeicherten Daten',
  'data.document.intro': 'Auskunft nach Art. 15 DSGVO, erstellt am {date}. Diese Seite lässt sich nur einmal aufrufen: Speichern oder drucken Sie sie jetzt. Datenschutz: {privacy_url}',
  'data.document.open': 'Ihre gespeicherten Daten jetzt anzeigen',
  'data.document.open.text': 'Der Link funktioniert nur einmal: Nach dem Klick sehen Sie Ihre Daten, danach ist der Link verbraucht.',
  'data.link.gone': 'Dieser Link ist abgelaufen oder wurde schon benutzt. Schreiben Sie im Chat MEINE DATEN, dann erhalten Sie einen neuen.',
  'delete.question':
    'Möchten Sie wirklich alle Ihre Daten bei der Stadt {town} löschen lassen? Wir beenden dann alle Abos und löschen Ihr Profil, Ihre Nachrichten und Einwilligungen. Ihre Anliegen bleiben ohne Bezug zu Ihnen für die Bearbeitung erhalten. Das lässt sich nicht rückgängig machen.',
  'delete.yes': 'Ja, alles löschen',
  'delete.no': 'Nein, behalten',
  'delete.kept': 'In Ordnung, es wurde nichts gelöscht. Alles, was ich kann: MENÜ.',
  'delete.stale': 'Diese Bestätigung ist abgelaufen.',
  'delete.done':
    'Erledigt: Ihre Daten sind gelöscht, und Sie erhalten keine Mitteilungen mehr. Als Nachweis der Löschung bewahren wir nur einen verschlüsselten Fingerabdruck Ihrer Nummer auf. Wenn Sie uns wieder schreiben, beginnen wir von vorn.',
  'menu.info.title': 'Stadt & Tourismus',
  'menu.info.description': 'Veranstaltungen, Sehenswertes, Öffnungszeiten, Parken',
  'menu.write.title': 'Schreiben Sie uns',
  'menu.write.description': 'Ihre Frage oder Ihr Hinweis an die Stadt',
  'menu.lead.write': 'Fragen Sie gern mit anderen Worten – oder schreiben Sie uns direkt („Schreiben Sie uns“).',
  'info.body': 'Was möchten Sie über {town} wissen? Tippen Sie auf „Auskünfte ansehen“ – oder fragen Sie einfach, z. B. „Wo kann ich parken?“',
  'info.button': 'Auskünfte ansehen',
  'info.section': 'Stadt & Tourismus',
  'info.more': 'Mehr dazu: {url}',
  'info.footer': 'Alles Weitere: MENÜ',
  'privacy.text':
    'So geht die Stadt {town} mit Ihren Daten um: {privacy_url}\nIhre Nachrichten laufen über WhatsApp (Meta). Die Stadt speichert Ihre Nummer, Ihre Themen und Ihre Anliegen nur für diesen Dienst.',
  'contact.text': 'So erreichen Sie die Stadt {town}: {contact}',
  'contact.phone': 'Telefon {phone}',
  'contact.email': 'E-Mail {email}',
  'contact.web': 'siehe {url}',

  'language.question': 'Welche Sprache möchten Sie? · Which language would you like? · Welke taal wilt u?',
  'language.de': 'Deutsch',
  'language.en': 'English',
  'language.nl': 'Nederlands',
  'language.set': 'Alles klar, ich schreibe Ihnen ab jetzt auf Deutsch.',

  'cancel.done': 'Abgebrochen. Alles, was ich kann: MENÜ.',
  'cancel.nothing': 'Gerade ist nichts offen, das ich abbrechen könnte. Alles, was ich kann: MENÜ.',
  'thanks.reply': 'Gern geschehen! Alles, was ich kann: MENÜ.',
  'voice.unsupported': 'Sprachnachrichten kann ich leider noch nicht anhören. Bitte schreiben Sie mir kurz.',
  'unsupported': 'Diese Art Nachricht kann ich leider nicht lesen. Bitte schreiben Sie mir – oder MENÜ.',
  ...reportTexts.de,
  ...caseTexts.de,
} as const;

export type CatalogueKey = keyof typeof de;
export type Catalogue = Record<CatalogueKey, string>;
