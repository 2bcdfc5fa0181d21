// The comparison's schema set in valibot: the send-message command and the entry-added event.
import * as v from 'valibot';

const bounded = (max, label, min = 0) =>
  v.pipe(v.string(), v.minLength(min, `${label} is empty`), v.maxLength(max, `${label} is longer than ${max} characters`));
const id = (label) => bounded(200, label, 1);
const visibility = v.picklist(['all', 'agents']);
const userRef = v.object({ id: id('the user id'), name: v.string(), role: v.picklist(['agent', 'contact']) });
const common = { seq: v.number(), id: id('the entry id'), at: v.number(), visibility };

const sendMessage = v.object({
  commandId: v.optional(id('the command id')),
  type: v.literal('send-message'),
  sessionId: id('the session id'),
  text: bounded(4000, 'the message'),
  visibility: v.optional(visibility),
  clientMessageId: v.optional(id('the client message id')),
});

const entryAdded = v.object({
  type: v.literal('entry-added'),
  sessionId: id('the session id'),
  entry: v.variant('kind', [
    v.object({ kind: v.literal('message'), ...common, from: userRef, text: v.string(), clientMessageId: v.optional(v.string()) }),
    v.object({
      kind: v.literal('notice'),
      ...common,
      notice: v.picklist(['waiting', 'joined', 'left']),
      subject: v.optional(userRef),
      text: v.string(),
    }),
  ]),
});

const parse = (schema) => (input) => {
  const result = v.safeParse(schema, input);
  return result.success ? { ok: true, value: result.output } : { ok: false, error: result.issues[0].message };
};

export const parseSendMessage = parse(sendMessage);
export const parseEntryAdded = parse(entryAdded);
