import { act, avrilSays, chatReachesKate, consultationId, interactionId, ringing, say, type SeedWorld } from './seed-world.js';

/*
 * The three lessons of the seed (conference-a-chat-interaction.txt), step by step, in the
 * seed's own words and lines. Each step is what one person does, through the same store
 * commands their window's buttons dispatch.
 */

export interface LessonStep {
  /** What happens, as the step list shows it ("Jim Miller accepts …"). */
  label: string;
  run(world: SeedWorld): Promise<unknown>;
}

export interface Lesson {
  title: string;
  purpose: string;
  /** What the windows show once every step has run. */
  endState: string;
  steps: LessonStep[];
}

const opening: LessonStep[] = [
  {
    label: "Avril Mai starts a chat (\"Help with on line purchase\"); Kate Lewis accepts it",
    run: chatReachesKate,
  },
  {
    label: 'Kate greets Avril, who explains her problem',
    run: async (w) => {
      await say(w, w.kate, 'Hello, how can I help you today?');
      await avrilSays(w, 'I am having an issue making an on line purchase. There seems to be an issue with my credit card.');
    },
  },
];

export const instantConference: Lesson = {
  title: 'Starting an instant chat conference',
  purpose: 'Kate Lewis finds Jim Miller and conferences him into her chat with Avril Mai.',
  endState: "Kate's window is closed; Jim Miller owns the chat with Avril Mai.",
  steps: [
    ...opening,
    { label: 'Kate: "Let me contact my associate about that."', run: (w) => say(w, w.kate, 'Let me contact my associate about that.') },
    {
      label: 'Kate chooses Instant Chat Conference → Jim Miller; Jim is Ringing and sees the request',
      run: async (w) => {
        await act(w, w.kate, { type: 'invite', sessionId: interactionId(w), kind: 'conference', targetId: 'jim' });
      },
    },
    {
      label: "Jim accepts: his Chat Interaction window opens with the entire transcript",
      run: (w) => act(w, w.jim, { type: 'accept-invitation', invitationId: ringing(w.jim).id }),
    },
    { label: 'Jim: "Hello, how can I help you today?" — Kate and Avril both see it', run: (w) => say(w, w.jim, 'Hello, how can I help you today?') },
    {
      label: 'Kate clicks End while Jim is connected: the chat is transferred to Jim automatically',
      run: (w) => act(w, w.kate, { type: 'leave', sessionId: interactionId(w) }),
    },
    {
      label: "Kate clicks Done: her window closes; Jim stays with Avril",
      run: (w) => act(w, w.kate, { type: 'mark-done', sessionId: interactionId(w) }),
    },
  ],
};

export const receivingConference: Lesson = {
  title: 'Receiving a chat conference',
  purpose: "Jim Miller accepts Kate Lewis's conference request, stays with Avril Mai after Kate leaves, then ends, disposes and is Done.",
  endState: "Both agents' windows are closed; Jim Miller is Ready again.",
  steps: [
    ...opening,
    { label: 'Kate: "Let me contact my associate about that."', run: (w) => say(w, w.kate, 'Let me contact my associate about that.') },
    {
      label: "Kate requests a chat conference: Jim's Interaction Preview shows the request",
      run: async (w) => {
        await act(w, w.kate, { type: 'invite', sessionId: interactionId(w), kind: 'conference', targetId: 'jim' });
      },
    },
    {
      label: 'Jim clicks Accept: he is Connected to Kate and Avril',
      run: (w) => act(w, w.jim, { type: 'accept-invitation', invitationId: ringing(w.jim).id }),
    },
    {
      label: 'All three see every message: Jim greets, Kate briefs him, Jim takes it on',
      run: async (w) => {
        await say(w, w.jim, 'Hello, how can I help you today?');
        await say(w, w.kate, 'Ms. Mai is having an issue with her credit card.');
        await say(w, w.jim, 'OK, I can take care of that');
      },
    },
    {
      label: 'Kate releases the chat (End, then Done): Jim remains connected to Avril',
      run: async (w) => {
        await act(w, w.kate, { type: 'leave', sessionId: interactionId(w) });
        await act(w, w.kate, { type: 'mark-done', sessionId: interactionId(w) });
      },
    },
    { label: 'Avril: "Thank you!" — only Jim is there to read it', run: (w) => avrilSays(w, 'Thank you!') },
    {
      label: 'Jim clicks End: his window shows the chat as Ended',
      run: (w) => act(w, w.jim, { type: 'leave', sessionId: interactionId(w) }),
    },
    {
      label: 'Jim picks the Disposition Code "Resolved", writes a Note and clicks Save',
      run: (w) =>
        act(w, w.jim, { type: 'set-disposition', sessionId: interactionId(w), dispositionCode: 'resolved', note: 'Card updated' }),
    },
    {
      label: 'Jim clicks Done: the window closes and he is in After Call Work',
      run: (w) => act(w, w.jim, { type: 'mark-done', sessionId: interactionId(w) }),
    },
    {
      label: 'Jim completes his after-call work and sets his status to Ready',
      run: (w) => act(w, w.jim, { type: 'set-presence', channel: 'chat', state: 'ready' }),
    },
  ],
};

export const conferenceFromConsultation: Lesson = {
  title: 'Starting a chat conference with an active consultation',
  purpose: 'Kate Lewis consults Jim Miller in a chat consultation, then conferences him into the chat with Avril Mai.',
  endState: 'Kate, Jim and Avril are in one conference; both agents are Done with the ended consultation.',
  steps: [
    ...opening,
    {
      label: 'Kate clicks Start Consultation → Start Chat Consultation with Jim: the consultation opens in her window',
      run: async (w) => {
        const { value } = await act(w, w.kate, { type: 'invite', sessionId: interactionId(w), kind: 'consultation', targetId: 'jim' });
        if (!value?.sessionId) throw new Error('The consultation was not created.');
        w.ids.consultation = value.sessionId;
      },
    },
    {
      label: 'Jim accepts the consultation: "Hello Kate, how can I help?"',
      run: async (w) => {
        await act(w, w.jim, { type: 'accept-invitation', invitationId: ringing(w.jim).id });
        await say(w, w.jim, 'Hello Kate, how can I help?', consultationId(w));
      },
    },
    {
      label: 'Kate asks for help; Jim: "Sure, conference me in" — Avril sees none of it',
      run: async (w) => {
        await say(w, w.kate, 'Hey Jim, Ms. Mai is having a credit card issue. Can you help me with this call?', consultationId(w));
        await say(w, w.jim, 'Sure, conference me in', consultationId(w));
      },
    },
    {
      label: 'Kate clicks Instant Chat Conference and picks Jim under Active Consultations',
      run: async (w) => {
        await act(w, w.kate, { type: 'invite', sessionId: interactionId(w), kind: 'conference', targetId: 'jim', consultationId: consultationId(w) });
      },
    },
    {
      label: 'Jim accepts: he joins the chat with Avril and the consultation shows Ended',
      run: (w) => act(w, w.jim, { type: 'accept-invitation', invitationId: ringing(w.jim).id }),
    },
    {
      label: 'Kate and Jim click Done on the ended consultation',
      run: async (w) => {
        await act(w, w.kate, { type: 'mark-done', sessionId: consultationId(w) });
        await act(w, w.jim, { type: 'mark-done', sessionId: consultationId(w) });
      },
    },
    { label: 'Jim: "Hello Ms. Mai, I can help with your card." — the conference goes on', run: (w) => say(w, w.jim, 'Hello Ms. Mai, I can help with your card.') },
  ],
};
