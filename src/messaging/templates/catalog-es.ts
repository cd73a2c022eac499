import { type LanguagePack } from './catalog-types.js';

// Written with proper accents; SMS bodies are folded to GSM-7 at render time (see sms-encoding.ts).
const WHEN = '{{appointmentAt:date}}, {{appointmentAt:time}}';
const MANAGE = '[[Gestione su cita: {{manageLink}}]]';
const SIGN = '{{clinicName}}';

export const ES: LanguagePack = {
  defaultLocale: 'es-US',
  footers: { optOut: 'Responda STOP para darse de baja.', resubscribe: 'Responda START para volver a suscribirse.' },
  templates: {
    'appointment.reminder': {
      sms: [
        `{{clinicName}}: recordatorio de su cita el ${WHEN}[[, con {{practitionerName}}]][[, {{locationName}}]].`,
        `{{clinicName}}: recordatorio de su cita el ${WHEN}[[, con {{practitionerName}}]].`,
        `{{clinicName}}: recordatorio de cita, ${WHEN}.`,
      ],
      emailSubject: 'Recordatorio de cita de {{clinicName}}',
      emailText: `Le recordamos su cita el ${WHEN}[[, con {{practitionerName}}]][[, en {{locationName}}]].\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.confirm-request': {
      sms: [
        `{{clinicName}}: cita el ${WHEN}[[, con {{practitionerName}}]]. Responda C para confirmar, X para cancelar, R para cambiarla.`,
        `{{clinicName}}: cita el ${WHEN}. Responda C para confirmar, X para cancelar, R para cambiarla.`,
        `{{clinicName}}: cita el ${WHEN}. Responda C confirmar, X cancelar, R cambiar.`,
      ],
      emailSubject: 'Confirme su cita con {{clinicName}}',
      emailText: `Su cita es el ${WHEN}[[, con {{practitionerName}}]][[, en {{locationName}}]]. Indíquenos si podrá asistir.\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.confirmed': {
      sms: [`{{clinicName}}: su cita del ${WHEN} está confirmada. Gracias.`],
      emailSubject: 'Su cita con {{clinicName}} está confirmada',
      emailText: `Gracias. Su cita del ${WHEN}[[, con {{practitionerName}}]][[, en {{locationName}}]] está confirmada.\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.cancelled': {
      sms: [
        `{{clinicName}}: su cita del ${WHEN} fue cancelada. Para pedir otra: {{bookingLink}}`,
        `{{clinicName}}: su cita del ${WHEN} fue cancelada.`,
      ],
      emailSubject: 'Su cita con {{clinicName}} fue cancelada',
      emailText: `Su cita del ${WHEN} fue cancelada.\n\n[[Para pedir una nueva cita: {{bookingLink}}]]\n\n${SIGN}`,
    },
    'appointment.moved': {
      sms: [`{{clinicName}}: su cita cambió al ${WHEN}[[, {{locationName}}]].`, `{{clinicName}}: su cita cambió al ${WHEN}.`],
      emailSubject: 'Su cita con {{clinicName}} cambió',
      emailText: `Su cita cambió al ${WHEN}[[, con {{practitionerName}}]][[, en {{locationName}}]].\n\n${MANAGE}\n\n${SIGN}`,
    },
    'appointment.no-show-rebook': {
      sms: [
        `{{clinicName}}: hoy no pudo venir a su cita. Responda R para pedir otra[[ o visite {{bookingLink}}]].`,
        `{{clinicName}}: hoy no pudo venir a su cita. Responda R para pedir otra.`,
      ],
      emailSubject: 'Hoy no pudo venir a su cita en {{clinicName}}',
      emailText: `Hoy no pudo venir a su cita. Con gusto le buscamos otra hora.\n\n[[Pida una nueva cita: {{bookingLink}}]]\n\n[[O llámenos al {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'appointment.reschedule-requested': {
      sms: [`{{clinicName}}: recibimos su pedido de cambiar la cita. Le contactaremos pronto.`],
      emailSubject: 'Recibimos su pedido de cambiar la cita',
      emailText: `Recibimos su pedido de cambiar la cita. Nuestro equipo le contactará pronto.\n\n[[También puede llamarnos al {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'result.available': {
      sms: [`{{clinicName}}: tiene un nuevo resultado en su portal del paciente[[: {{portalLink}}]]`],
      emailSubject: 'Tiene un nuevo resultado en su portal del paciente',
      emailText: `Tiene un nuevo resultado en su portal del paciente. Inicie sesión para verlo.\n\n[[Abrir el portal: {{portalLink}}]]\n\n${SIGN}`,
    },
    'referral.accepted': {
      sms: [`{{clinicName}}: su derivación fue aceptada. Le contactaremos para darle cita.`],
      emailSubject: 'Su derivación a {{clinicName}} fue aceptada',
      emailText: `Su derivación fue aceptada. Le contactaremos para darle cita.\n\n[[¿Preguntas? Llámenos al {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'referral.please-book': {
      sms: [
        `{{clinicName}}: pida la cita de su derivación[[ en {{bookingLink}}]][[ o llame al {{clinicPhone}}]].`,
        `{{clinicName}}: pida la cita de su derivación en {{bookingLink}}`,
        `{{clinicName}}: llámenos para pedir la cita de su derivación.`,
      ],
      emailSubject: 'Pida la cita de su derivación con {{clinicName}}',
      emailText: `Ya puede pedir la cita de su derivación. Elija la hora que mejor le convenga.\n\n[[Pida cita en línea: {{bookingLink}}]]\n\n[[O llámenos al {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'referral.booked': {
      sms: [`{{clinicName}}: la cita de su derivación es el ${WHEN}[[, {{locationName}}]].`, `{{clinicName}}: la cita de su derivación es el ${WHEN}.`],
      emailSubject: 'La cita de su derivación con {{clinicName}} está programada',
      emailText: `La cita de su derivación es el ${WHEN}[[, en {{locationName}}]].\n\n${MANAGE}\n\n${SIGN}`,
    },
    'referral.declined': {
      sms: [
        `{{clinicName}}: no pudimos aceptar su derivación. Su equipo médico le contactará sobre los próximos pasos.`,
        `{{clinicName}}: no pudimos aceptar su derivación. Su equipo médico le contactará.`,
      ],
      emailSubject: 'Sobre su derivación a {{clinicName}}',
      emailText: `No pudimos aceptar su derivación. Su equipo médico le contactará sobre los próximos pasos.\n\n[[¿Preguntas? Llámenos al {{clinicPhone}}.]]\n\n${SIGN}`,
    },
    'prescription.sent': {
      sms: [`{{clinicName}}: su receta fue enviada a {{pharmacyName}}.`, `{{clinicName}}: su receta fue enviada a su farmacia.`],
      emailSubject: 'Su receta fue enviada a su farmacia',
      emailText: `Su receta fue enviada a su farmacia[[, {{pharmacyName}}]].\n\n${SIGN}`,
    },
    'prescription.not-approved': {
      sms: [
        `{{clinicName}}: su solicitud de receta no pudo ser aprobada. Comuníquese con nosotros[[ al {{clinicPhone}}]] para hablar de los próximos pasos.`,
        `{{clinicName}}: su solicitud de receta no pudo ser aprobada. Comuníquese con nosotros.`,
      ],
      emailSubject: 'Sobre su solicitud de receta a {{clinicName}}',
      emailText: `Su solicitud de receta no pudo ser aprobada. Comuníquese con nosotros para hablar de los próximos pasos[[: {{clinicPhone}}]].\n\n${SIGN}`,
    },
    'critical-result.alert': {
      sms: [
        `{{clinicName}}: un resultado crítico requiere su confirmación. Ref {{alertId}}[[ {{ackLink}}]]`,
        `{{clinicName}}: resultado crítico por confirmar. Ref {{alertId}} {{ackLink}}`,
        `{{clinicName}}: un resultado crítico requiere su confirmación. Ref {{alertId}}`,
      ],
      emailSubject: 'Un resultado crítico requiere su confirmación (ref {{alertId}})',
      emailText: `Un resultado crítico requiere su confirmación. Referencia: {{alertId}}.\n\n[[Confirmar: {{ackLink}}]]\n\n${SIGN}`,
    },
    'task.reminder': {
      sms: [`{{clinicName}}: una tarea en su bandeja de SmartClinix le espera. Ref {{alertId}}`],
      emailSubject: 'Una tarea le espera en su bandeja (ref {{alertId}})',
      emailText: `Una tarea en su bandeja de SmartClinix le espera y pronto estará vencida. Referencia: {{alertId}}.\n\nAbra su bandeja de tareas para atenderla.\n\n${SIGN}`,
    },
    'task.escalated': {
      sms: [`{{clinicName}}: se le ha pasado una tarea vencida en SmartClinix. Ref {{alertId}}`],
      emailSubject: 'Se le ha pasado una tarea vencida (ref {{alertId}})',
      emailText: `Se le ha escalado una tarea vencida. Referencia: {{alertId}}.\n\nAbra su bandeja de tareas para atenderla.\n\n${SIGN}`,
    },
    'messaging.opt-out-confirmation': {
      sms: [`{{clinicName}}: se dio de baja y no recibirá más mensajes de este número.`],
      emailSubject: 'Se dio de baja de los mensajes de {{clinicName}}',
      emailText: `Se dio de baja de los mensajes de texto de {{clinicName}} y no recibirá más mensajes.\n\n${SIGN}`,
    },
    'messaging.opt-in-confirmation': {
      sms: [`{{clinicName}}: volverá a recibir mensajes de sus citas. Responda HELP para ayuda.`],
      emailSubject: 'Volverá a recibir mensajes de {{clinicName}}',
      emailText: `Volverá a recibir mensajes de texto de {{clinicName}} sobre sus citas.\n\n${SIGN}`,
    },
    'messaging.help': {
      sms: [
        `{{clinicName}}, mensajes de citas. Responda C para confirmar, X para cancelar, R para cambiarla.[[ Ayuda: {{clinicPhone}}.]]`,
        `{{clinicName}}, mensajes de citas.[[ Ayuda: {{clinicPhone}}.]]`,
      ],
      emailSubject: 'Ayuda con los mensajes de {{clinicName}}',
      emailText: `{{clinicName}} envía mensajes sobre sus citas. Responda C para confirmar, X para cancelar o R para cambiar una cita.\n\n[[Para ayuda, llame al {{clinicPhone}}.]]\n\n${SIGN}`,
    },
  },
};
