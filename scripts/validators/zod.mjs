// The comparison's schema set in zod (classic API): the same shapes as valibot.mjs.
import { z } from 'zod';

const bounded = (max, label, min = 0) =>
  z.string().min(min, `${label} is empty`).max(max, `${label} is longer than ${max} characters`);
const id = (label) => bounded(200, label, 1);
const visibility = z.enum(['all', 'agents']);
const userRef = z.object({ id: id('the user id'), name: z.string(), role: z.enum(['agent', 'contact']) });
const common = { seq: z.number(), id: id('the entry id'), at: z.number(), visibility };

const sendMessage = z.object({
  commandId: id('the command id').optional(),
  type: z.literal('send-message'),
  sessionId: id('the session id'),
  text: bounded(4000, 'the message'),
  visibility: visibility.optional(),
  clientMessageId: id('the client message id').optional(),
});

const entryAdded = z.object({
  type: z.literal('entry-added'),
  sessionId: id('the session id'),
  entry: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('message'), ...common, from: userRef, text: z.string(), clientMessageId: z.string().optional() }),
    z.object({
      kind: z.literal('notice'),
      ...common,
      notice: z.enum(['waiting', 'joined', 'left']),
      subject: userRef.optional(),
      text: z.string(),
    }),
  ]),
});

const parse = (schema) => (input) => {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: result.error.issues[0].message };
};

export const parseSendMessage = parse(sendMessage);
export const parseEntryAdded = parse(entryAdded);
