import { type LanguagePack } from './catalog-types.js';

const WHEN = '{{appointmentAt:date}} at {{appointmentAt:time}}';
const MANAGE = '[[Manage your appointment: {{manageLink}}]]';
const SIGN = '{{clinicName}}';

export const EN: LanguagePack = {
  defaultLocale: 'en-US',
  footers: { optOut: 'Reply STOP to opt out.', resubscribe: 'Reply START to resubscribe.' },
  templates: {
    'appointment.reminder': {
      sms: [
        `{{clinicName}}: reminder of your appointment ${WHEN}[[ with {{practitionerName}}]][[, {{locationName}}]].`,
        `{{clinicName}}: reminder of your appointment ${WHEN}[[ with {{practitionerName}}]].`,
        `{{clinicName}}: appointment reminder, ${WHEN}.`,
      ],
      emailSubject: 'Appointment reminder from {{clinicName}}',
      emailText: `This is a reminder of your appointment on ${WHEN}[[ with {{practitionerName}}]][[ at {{locationName}}]].\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.confirm-request': {
      sms: [
        `{{clinicName}}: appointment ${WHEN}[[ with {{practitionerName}}]]. Reply C to confirm, X to cancel, R to reschedule.`,
        `{{clinicName}}: appointment ${WHEN}. Reply C to confirm, X to cancel, R to reschedule.`,
      ],
      emailSubject: 'Please confirm your appointment with {{clinicName}}',
      emailText: `Your appointment is on ${WHEN}[[ with {{practitionerName}}]][[ at {{locationName}}]]. Please let us know whether you can come.\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.confirmed': {
      sms: [`{{clinicName}}: your appointment ${WHEN} is confirmed. Thank you.`],
      emailSubject: 'Your appointment with {{clinicName}} is confirmed',
      emailText: `Thank you. Your appointment on ${WHEN}[[ with {{practitionerName}}]][[ at {{locationName}}]] is confirmed.\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.cancelled': {
      sms: [
        `{{clinicName}}: your appointment ${WHEN} is cancelled. To book again: {{bookingLink}}`,
        `{{clinicName}}: your appointment ${WHEN} is cancelled.`,
      ],
      emailSubject: 'Your appointment with {{clinicName}} is cancelled',
      emailText: `Your appointment on ${WHEN} is cancelled.\n\n[[To book a new appointment: {{bookingLink}}]]\n\n${SIGN}`,
    },
    'appointment.moved': {
      sms: [`{{clinicName}}: your appointment has moved to ${WHEN}[[, {{locationName}}]].`, `{{clinicName}}: your appointment has moved to ${WHEN}.`],
      emailSubject: 'Your appointment with {{clinicName}} has moved',
      emailText: `Your appointment has moved to ${WHEN}[[ with {{practitionerName}}]][[ at {{locationName}}]].\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.no-show-rebook': {
      sms: [`{{clinicName}}: we missed you today. Reply R to rebook[[ or visit {{bookingLink}}]].`, `{{clinicName}}: we missed you today. Reply R to rebook.`],
      emailSubject: 'We missed you today at {{clinicName}}',
      emailText: `We missed you at your appointment today. We would be glad to find you a new time.\n\n[[Book a new appointment: {{bookingLink}}]]\n\n[[Or call us at {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'appointment.reschedule-requested': {
      sms: [`{{clinicName}}: we got your request to reschedule. Our team will contact you soon.`],
      emailSubject: 'We received your request to reschedule',
      emailText: `We received your request to reschedule your appointment. Our team will contact you soon.\n\n[[You can also call us at {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'result.available': {
      sms: [`{{clinicName}}: a new result is available in your patient portal[[: {{portalLink}}]]`],
      emailSubject: 'A new result is available in your patient portal',
      emailText: `A new result is available in your patient portal. Please sign in to view it.\n\n[[Open the portal: {{portalLink}}]]\n\n${SIGN}`,
    },
    'referral.accepted': {
      sms: [`{{clinicName}}: your referral has been accepted. We will contact you to book a visit.`],
      emailSubject: 'Your referral to {{clinicName}} has been accepted',
      emailText: `Your referral has been accepted. We will contact you to book a visit.\n\n[[Questions? Call us at {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'referral.please-book': {
      sms: [
        `{{clinicName}}: please book your referral visit[[ at {{bookingLink}}]][[ or call {{clinicPhone}}]].`,
        `{{clinicName}}: please book your referral visit at {{bookingLink}}`,
        `{{clinicName}}: please call us to book your referral visit.`,
      ],
      emailSubject: 'Please book your referral visit with {{clinicName}}',
      emailText: `Your referral is ready to be booked. Please choose a time that suits you.\n\n[[Book online: {{bookingLink}}]]\n\n[[Or call us at {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'referral.booked': {
      sms: [`{{clinicName}}: your referral visit is booked for ${WHEN}[[, {{locationName}}]].`, `{{clinicName}}: your referral visit is booked for ${WHEN}.`],
      emailSubject: 'Your referral visit with {{clinicName}} is booked',
      emailText: `Your referral visit is booked for ${WHEN}[[ at {{locationName}}]].\n\n${MANAGE}\n\n${SIGN}`,
    },
    'referral.declined': {
      sms: [`{{clinicName}}: we could not accept your referral. Your care team will contact you about next steps.`],
      emailSubject: 'About your referral to {{clinicName}}',
      emailText: `We could not accept your referral. Your care team will contact you about next steps.\n\n[[Questions? Call us at {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'prescription.sent': {
      sms: [`{{clinicName}}: your prescription was sent to {{pharmacyName}}.`, `{{clinicName}}: your prescription was sent to your pharmacy.`],
      emailSubject: 'Your prescription was sent to your pharmacy',
      emailText: `Your prescription was sent to [[{{pharmacyName}}, ]]your pharmacy.\n\n${SIGN}`,
    },
    'prescription.not-approved': {
      sms: [
        `{{clinicName}}: your prescription request could not be approved. Please contact us[[ at {{clinicPhone}}]] to talk about next steps.`,
        `{{clinicName}}: your prescription request could not be approved. Please contact us.`,
      ],
      emailSubject: 'About your prescription request to {{clinicName}}',
      emailText: `Your prescription request could not be approved. Please contact us to talk about next steps[[: {{clinicPhone}}]].\n\n${SIGN}`,
    },
    'critical-result.alert': {
      sms: [
        `{{clinicName}}: a critical result needs your acknowledgement. Ref {{alertId}}[[ {{ackLink}}]]`,
        `{{clinicName}}: critical result to acknowledge. Ref {{alertId}} {{ackLink}}`,
        `{{clinicName}}: a critical result needs your acknowledgement. Ref {{alertId}}`,
      ],
      emailSubject: 'Critical result needs your acknowledgement (ref {{alertId}})',
      emailText: `A critical result needs your acknowledgement. Reference: {{alertId}}.\n\n[[Acknowledge: {{ackLink}}]]\n\n${SIGN}`,
    },
    'task.reminder': {
      sms: [`{{clinicName}}: a task in your SmartClinix inbox is waiting for you. Ref {{alertId}}`],
      emailSubject: 'A task is waiting in your inbox (ref {{alertId}})',
      emailText: `A task in your SmartClinix inbox is waiting for you and will soon be overdue. Reference: {{alertId}}.\n\nPlease open your task inbox to act on it.\n\n${SIGN}`,
    },
    'task.escalated': {
      sms: [`{{clinicName}}: an overdue task was passed to you in SmartClinix. Ref {{alertId}}`],
      emailSubject: 'An overdue task was passed to you (ref {{alertId}})',
      emailText: `An overdue task has been escalated to you. Reference: {{alertId}}.\n\nPlease open your task inbox to act on it.\n\n${SIGN}`,
    },
    'messaging.opt-out-confirmation': {
      sms: [`{{clinicName}}: you are unsubscribed and will get no more texts from this number.`],
      emailSubject: 'You are unsubscribed from {{clinicName}} texts',
      emailText: `You are unsubscribed from {{clinicName}} text messages and will get no more texts from us.\n\n${SIGN}`,
    },
    'messaging.opt-in-confirmation': {
      sms: [`{{clinicName}}: you will get appointment texts again. Reply HELP for help.`],
      emailSubject: 'You are subscribed to {{clinicName}} texts again',
      emailText: `You will get appointment text messages from {{clinicName}} again.\n\n${SIGN}`,
    },
    'messaging.help': {
      sms: [
        `{{clinicName}} appointment texts. Reply C to confirm, X to cancel, R to reschedule.[[ Help: {{clinicPhone}}.]]`,
        `{{clinicName}} appointment texts.[[ Help: {{clinicPhone}}.]]`,
      ],
      emailSubject: 'Help with {{clinicName}} messages',
      emailText: `{{clinicName}} sends appointment messages. Reply C to confirm, X to cancel or R to reschedule an appointment.\n\n[[For help, call {{clinicPhone}}.]]\n\n${SIGN}`,
    },
  },
};
