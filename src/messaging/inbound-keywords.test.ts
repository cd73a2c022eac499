import { classifyInbound, normalizeInboundBody, OPT_OUT_KEYWORDS } from './inbound-keywords.js';

describe('normalizeInboundBody', () => {
  it.each([
    ['  stop  ', 'STOP'],
    ['Stop.', 'STOP'],
    ['"yes!!"', 'YES'],
    ['Sí', 'SI'],
    ['ＳＴＯＰ', 'STOP'],
    ['\u200Bc\n', 'C'],
    ['stop   texting\tme', 'STOP TEXTING ME'],
  ])('When the body is %j, then it normalises to %j', (body, expected) => {
    expect(normalizeInboundBody(body)).toBe(expected);
  });
});

describe('classifyInbound', () => {
  it.each(['STOP', 'stopall', 'Unsubscribe', 'CANCEL', 'end', 'QUIT', 'revoke', 'OPTOUT', ' Stop. '])(
    'When the reply is the carrier keyword %j, then it is an opt-out',
    (body) => {
      expect(classifyInbound(body)).toMatchObject({ intent: 'opt-out', viaReasonableMeans: false });
    },
  );

  it('When the carrier opt-out list is read, then it holds exactly the eight TCPA keywords', () => {
    expect([...OPT_OUT_KEYWORDS].sort()).toEqual(['CANCEL', 'END', 'OPTOUT', 'QUIT', 'REVOKE', 'STOP', 'STOPALL', 'UNSUBSCRIBE']);
  });

  it.each([
    ['START', 'opt-in'],
    ['unstop', 'opt-in'],
    ['HELP', 'help'],
    ['info?', 'help'],
    ['C', 'confirm'],
    ['yes', 'confirm'],
    ['Y', 'confirm'],
    ['sí', 'confirm'],
    ['X', 'decline'],
    ['No.', 'decline'],
    ['n', 'decline'],
    ['R', 'reschedule'],
  ])('When the reply is %j, then the intent is %s', (body, intent) => {
    expect(classifyInbound(body)).toMatchObject({ intent, keyword: normalizeInboundBody(body) });
  });

  it('When the reply is CANCEL, then it is a carrier opt-out and never an appointment decline', () => {
    expect(classifyInbound('cancel').intent).toBe('opt-out');
  });

  it.each([
    'stop texting me',
    'Please stop sending me these messages',
    'Unsubscribe me please',
    'STOP please',
    'stop it!!',
    "Don't text me again",
    'no more texts thanks',
    'I want to opt out',
    'remove me from your list',
    'Dejen de enviarme mensajes',
    'No me envíen más mensajes',
    'quiero darme de baja',
  ])('When the reply is the phrase %j, then it is an opt-out by reasonable means', (body) => {
    expect(classifyInbound(body)).toEqual({ intent: 'opt-out', viaReasonableMeans: true, mentionsOptOutWord: true });
  });

  it.each([
    ['cancel my appointment', true],
    ['I need to stop my medication before the visit?', true],
    ['Can I come at 10 instead', false],
    ['yes please, see you then', false],
    ['Is parking free?', false],
    ['', false],
  ])('When the reply is the free text %j, then it stays free text (opt-out word mentioned: %s)', (body, mentions) => {
    expect(classifyInbound(body)).toEqual({ intent: 'free-text', viaReasonableMeans: false, mentionsOptOutWord: mentions });
  });
});
