import type {
  Channel,
  ClientConfig,
  DirectoryTarget,
  InvitationView,
  PartyView,
  PresenceState,
  SessionId,
  SessionView,
  TranscriptEntry,
  UserRef,
} from '../engine/types.js';
import type { ConnectionState } from '../transport/types.js';
import { keepIfShallowEqual, memoizeOn, perKey, sameItems } from './memo.js';
import type { ConsultationVM, InteractionVM, PartyMenuVM, PendingMessage, PreviewVM, TranscriptItem, WorkspaceState } from './types.js';

/*
 * Selectors turn the store's plain state into what a component renders. Each returns the
 * identical object for the same inputs (and, where it matters, for inputs that changed
 * in a way the result does not show), because components re-render on identity change.
 */

const NO_USERS: readonly UserRef[] = Object.freeze([]);
const NO_ITEMS: TranscriptItem[] = [];
const NO_CONSULTATIONS: ConsultationVM[] = [];

export const selectUser = (state: WorkspaceState): UserRef | undefined => state.user;
export const selectConnection = (state: WorkspaceState): ConnectionState => state.connection;
export const selectConfig = (state: WorkspaceState): ClientConfig | undefined => state.config;
/** When timed after-call work returns this user to Ready (see `WorkspaceState.afterCallWorkEndsAt`). */
export const selectAfterCallWorkEndsAt = (state: WorkspaceState): number | undefined => state.afterCallWorkEndsAt;
/** The directory entries this client holds (search pages, watched targets), by id; presence kept current. */
export const selectTargets = (state: WorkspaceState): Readonly<Record<string, DirectoryTarget>> => state.targets;

function isConnected(party: PartyView | undefined): boolean {
  return party?.state === 'connected';
}

function findParty(session: SessionView, userId: string | undefined): PartyView | undefined {
  return userId === undefined ? undefined : session.parties.find((p) => p.userId === userId);
}

function buildConsultation(session: SessionView, userId: string | undefined): ConsultationVM {
  const me = findParty(session, userId);
  // The peer is the other agent; prefer one still connected when several passed through.
  const others = session.parties.filter((p) => p.userId !== userId);
  const peer = others.find(isConnected) ?? others[others.length - 1];
  const active = isConnected(me) && session.state !== 'ended';
  const vm: ConsultationVM = {
    session,
    startedAt: session.createdAt,
    active,
    canSend: active,
    canEnd: active,
    canDone: !active && session.wrapUp?.done !== true,
  };
  if (peer) vm.peer = peer;
  if (session.endedAt !== undefined) vm.endedAt = session.endedAt;
  return vm;
}

/** Contact first, then agents in the order they joined (the engine appends parties as they are invited). */
const orderParties = (() => {
  const cache = new WeakMap<PartyView[], PartyView[]>();
  return (parties: PartyView[]): PartyView[] => {
    let ordered = cache.get(parties);
    if (!ordered) {
      ordered = [...parties.filter((p) => p.role === 'contact'), ...parties.filter((p) => p.role !== 'contact')];
      if (sameItems(ordered, parties)) ordered = parties;
      cache.set(parties, ordered);
    }
    return ordered;
  };
})();

/**
 * The party list as the window shows it: released invitees left out, and nobody shown
 * Connected to a chat that has ended (the engine keeps the contact's last state; her own
 * page already says the chat ended).
 */
const shownParties = (() => {
  const cache = new WeakMap<PartyView[], { released: string[]; ended: boolean; shown: PartyView[] }>();
  const endedCopies = new WeakMap<PartyView, PartyView>();
  return (parties: PartyView[], released: string[], ended: boolean): PartyView[] => {
    const hit = cache.get(parties);
    if (hit && hit.released === released && hit.ended === ended) return hit.shown;
    let shown = parties.filter(
      (p) => p.state !== 'rejected' && p.state !== 'timed-out' && !(p.state === 'left' && released.includes(p.userId)),
    );
    if (ended) {
      shown = shown.map((p) => {
        if (p.state !== 'connected') return p;
        let copy = endedCopies.get(p);
        if (!copy) endedCopies.set(p, (copy = { ...p, state: 'left' }));
        return copy;
      });
    }
    if (sameItems(shown, parties)) shown = parties;
    cache.set(parties, { released, ended, shown });
    return shown;
  };
})();

function buildInteraction(
  session: SessionView,
  user: UserRef | undefined,
  config: ClientConfig | undefined,
  consultations: ConsultationVM[],
  outgoing: InvitationView[],
  released: string[],
): InteractionVM {
  const me = findParty(session, user?.id);
  const contact = session.parties.find((p) => p.role === 'contact');
  const connected = isConnected(me);
  const ended = session.state === 'ended';
  const agent = user?.role === 'agent';
  const live = connected && session.state === 'active';
  const wrapUp = session.wrapUp;
  const canWrapUp = agent && (!connected || ended) && wrapUp?.done !== true;
  const vm: InteractionVM = {
    session,
    owner: user !== undefined && session.ownerId === user.id,
    myState: connected && !ended ? 'active' : 'ended',
    parties: shownParties(orderParties(session.parties), released, ended),
    consultations,
    outgoing,
    canSend: connected && !ended,
    canConference: agent && live && isConnected(contact),
    canConsult: agent && live,
    canTransfer: agent && live && isConnected(contact),
    canEnd: connected,
    canWrapUp,
    canDone: canWrapUp && (config?.disposition.required !== true || Boolean(wrapUp?.dispositionCode)),
  };
  if (me) vm.me = me;
  if (contact) vm.contact = contact;
  return vm;
}

/**
 * The memoized selectors every view uses (the contact's widget included), with their
 * caches; `createAgentSelectors` adds those only the agent's elements use, so a contact's
 * page does not carry them. Each store gets its own set (`viewSelectorsFor`), so several
 * stores in one page (the side-by-side demo runs three) never share or evict each other's
 * cached results.
 */
export function createViewSelectors() {
  const selectTyping = perKey((sessionId: SessionId) => (state: WorkspaceState): readonly UserRef[] => state.typing[sessionId] ?? NO_USERS);

  /**
   * The pending invitations `match` picks for the signed-in user, the one ringing longest
   * first; the same array as long as its members are the same.
   */
  const pendingInvitations = (match: (invitation: InvitationView, userId: string) => boolean) => {
    let previous: InvitationView[] | undefined;
    return memoizeOn(
      (state: WorkspaceState) => [state.invitations, state.user?.id] as const,
      (invitations: WorkspaceState['invitations'], userId: string | undefined): InvitationView[] => {
        const list = Object.values(invitations)
          .filter((i) => i.state === 'pending' && userId !== undefined && match(i, userId))
          .sort((a, b) => a.createdAt - b.createdAt);
        previous = keepIfShallowEqual(previous, list);
        return previous;
      },
    );
  };

  // ---------------------------------------------------------------------------
  // Consultations

  const selectConsultation = perKey((id: SessionId) => {
    let previous: ConsultationVM | undefined;
    return memoizeOn(
      (state: WorkspaceState) => [state.sessions[id], state.user?.id] as const,
      (session, userId): ConsultationVM | undefined => {
        if (!session || session.kind !== 'consultation') return (previous = undefined);
        previous = keepIfShallowEqual(previous, buildConsultation(session, userId));
        return previous;
      },
    );
  });

  /** Consultations attached to an interaction, oldest first (by the sessions map identity). */
  const consultationIdsByParent = memoizeOn(
    (state: WorkspaceState) => [state.sessions] as const,
    (sessions): Map<SessionId, SessionId[]> => {
      const byParent = new Map<SessionId, SessionView[]>();
      for (const s of Object.values(sessions)) {
        if (s.kind !== 'consultation' || !s.parentId) continue;
        const list = byParent.get(s.parentId) ?? [];
        list.push(s);
        byParent.set(s.parentId, list);
      }
      const ids = new Map<SessionId, SessionId[]>();
      for (const [parent, list] of byParent) ids.set(parent, list.sort((a, b) => a.createdAt - b.createdAt).map((s) => s.id));
      return ids;
    },
  );

  const selectConsultationsOf = perKey((interactionId: SessionId) => {
    let previous: ConsultationVM[] | undefined;
    return (state: WorkspaceState): ConsultationVM[] => {
      const ids = consultationIdsByParent(state).get(interactionId);
      if (!ids) return NO_CONSULTATIONS;
      const list: ConsultationVM[] = [];
      for (const cid of ids) {
        const vm = selectConsultation(cid)(state);
        if (vm) list.push(vm);
      }
      previous = keepIfShallowEqual(previous, list);
      return previous;
    };
  });

  // ---------------------------------------------------------------------------
  // Interactions

  /**
   * Invitees of a session whose latest invitation to it was released (rejected, timed out or
   * cancelled): they never joined, so they leave the party list; the outcome is announced
   * (and the contact never knew of them). Sorted ids, the same array while unchanged.
   */
  const selectReleasedInvitees = perKey((sessionId: SessionId) => {
    let previous: string[] | undefined;
    return memoizeOn(
      (state: WorkspaceState) => [state.invitations] as const,
      (invitations): string[] => {
        const latest = new Map<string, InvitationView>();
        for (const inv of Object.values(invitations)) {
          if (inv.sessionId !== sessionId || !inv.invitee || inv.kind === 'consultation') continue;
          const before = latest.get(inv.invitee.id);
          if (!before || inv.createdAt >= before.createdAt) latest.set(inv.invitee.id, inv);
        }
        const ids = [...latest.values()]
          .filter((i) => i.state === 'rejected' || i.state === 'timed-out' || i.state === 'cancelled')
          .map((i) => i.invitee!.id)
          .sort();
        previous = keepIfShallowEqual(previous, ids);
        return previous;
      },
    );
  });

  const selectOutgoing = perKey((sessionId: SessionId) => pendingInvitations((i, userId) => i.sessionId === sessionId && i.from.id === userId));

  const selectInteraction = perKey((id: SessionId) => {
    let previous: InteractionVM | undefined;
    return memoizeOn(
      (state: WorkspaceState) =>
        [
          state.sessions[id],
          state.user,
          state.config,
          selectConsultationsOf(id)(state),
          selectOutgoing(id)(state),
          selectReleasedInvitees(id)(state),
        ] as const,
      (session, user, config, consultations, outgoing, released): InteractionVM | undefined => {
        if (!session || session.kind !== 'interaction') return (previous = undefined);
        previous = keepIfShallowEqual(previous, buildInteraction(session, user, config, consultations, outgoing, released));
        return previous;
      },
    );
  });

  /** The interactions this user can see, newest first. */
  const selectInteractions = (() => {
    let lastState: WorkspaceState | undefined;
    let previous: InteractionVM[] = [];
    const ids = memoizeOn(
      (state: WorkspaceState) => [state.sessions] as const,
      (sessions): SessionId[] =>
        Object.values(sessions)
          .filter((s) => s.kind === 'interaction')
          .sort((a, b) => b.createdAt - a.createdAt)
          .map((s) => s.id),
    );
    return (state: WorkspaceState): InteractionVM[] => {
      if (state === lastState) return previous;
      lastState = state;
      const list: InteractionVM[] = [];
      for (const id of ids(state)) {
        const vm = selectInteraction(id)(state);
        if (vm) list.push(vm);
      }
      previous = keepIfShallowEqual(previous, list);
      return previous;
    };
  })();

  // ---------------------------------------------------------------------------
  // Transcript

  /**
   * A session's lines: confirmed entries in sequence order, then this client's own messages
   * not yet confirmed (or refused), in the order they were sent.
   *
   * Incremental: an appended entry adds one item to the list kept from the last call instead
   * of walking the whole transcript again, so a message costs the same at 100,000 entries as
   * at 10 (one array copy aside). Anything else (an entry inserted out of order, a snapshot)
   * rebuilds the list, reusing the items of entries it already had.
   */
  const selectTranscript = perKey((sessionId: SessionId) => {
    let itemsFor: string | undefined;
    let pendingItems = new WeakMap<PendingMessage, TranscriptItem>();
    let seenTranscript: readonly TranscriptEntry[] | undefined;
    let entryItems: TranscriptItem[] = NO_ITEMS;
    let previous: TranscriptItem[] | undefined;
    // A plain object per entry: keeping every item in a WeakMap by its entry made a 10,000-entry
    // transcript's first build ten times slower (and left the collector ephemerons to trace).
    const itemOf = (entry: TranscriptEntry, userId: string | undefined): TranscriptItem => ({
      kind: 'entry',
      entry,
      own: entry.kind === 'message' && entry.from.id === userId,
    });
    return memoizeOn(
      (state: WorkspaceState) => [state.sessions[sessionId]?.transcript, state.pending, state.user?.id] as const,
      (transcript, pending, userId): TranscriptItem[] => {
        if (itemsFor !== userId) {
          entryItems = NO_ITEMS;
          pendingItems = new WeakMap();
          itemsFor = userId;
          seenTranscript = undefined;
        }
        const entries = transcript ?? [];
        if (entries !== seenTranscript) {
          const before = seenTranscript;
          const n = before?.length ?? 0;
          // An append keeps every earlier entry where it was: the old last entry is still at its index.
          const appended = before !== undefined && n > 0 && entries.length > n && entries[n - 1] === before[n - 1] && entries[0] === before[0];
          if (appended) {
            const added: TranscriptItem[] = [];
            for (let i = n; i < entries.length; i++) added.push(itemOf(entries[i]!, userId));
            entryItems = entryItems.concat(added);
          } else {
            // Entries the list already had keep their items, so their rows are not rendered again.
            const had = new Map<TranscriptEntry, TranscriptItem>();
            for (const item of entryItems) if (item.kind === 'entry') had.set(item.entry, item);
            entryItems = entries.length === 0 ? NO_ITEMS : entries.map((entry) => had.get(entry) ?? itemOf(entry, userId));
          }
          seenTranscript = entries;
        }
        const mine: PendingMessage[] = [];
        for (const p of Object.values(pending)) if (p.sessionId === sessionId) mine.push(p);
        let list = entryItems;
        if (mine.length > 0) {
          mine.sort((a, b) => a.at - b.at);
          list = entryItems.concat(
            mine.map((p) => {
              let item = pendingItems.get(p);
              if (!item) {
                item = { kind: 'pending', pending: p, own: true };
                pendingItems.set(p, item);
              }
              return item;
            }),
          );
        }
        if (list.length === 0) return (previous = NO_ITEMS);
        // Only a list of the same length can be the same list; comparing is then worth it.
        if (previous !== undefined && previous.length === list.length && sameItems(previous, list)) return previous;
        previous = list;
        return previous;
      },
    );
  });

  return {
    selectTyping,
    selectConsultation,
    selectConsultationsOf,
    selectInteraction,
    selectInteractions,
    selectTranscript,
    pendingInvitations,
  };
}

/** The selectors every view uses, of one store instance. */
export type ViewSelectors = ReturnType<typeof createViewSelectors>;

/** The selectors only the agent's elements use, over a store's view selectors. */
export function createAgentSelectors(view: ViewSelectors) {
  const { selectInteraction, selectConsultationsOf, pendingInvitations } = view;

  const selectInvitation = perKey((id: string) => (state: WorkspaceState): InvitationView | undefined => state.invitations[id]);

  const selectMyPresence = (state: WorkspaceState): Readonly<Record<Channel, PresenceState>> | undefined => (state.user ? state.presence : undefined);

  /** Pending invitations offered to this user, the one ringing longest first. */
  const selectIncomingInvitations = pendingInvitations((i, userId) => i.invitee?.id === userId);

  /** Consultations of an interaction where both agents are still connected (the Team Communicator's "Active Consultations"). */
  const selectActiveConsultations = perKey((interactionId: SessionId) => {
    let previous: ConsultationVM[] | undefined;
    return (state: WorkspaceState): ConsultationVM[] => {
      const list = selectConsultationsOf(interactionId)(state).filter((c) => c.active && isConnected(c.peer));
      previous = keepIfShallowEqual(previous, list);
      return previous;
    };
  });

  /**
   * Consultations whose interaction this user is not part of — the consulted agent's side —
   * newest first. A host gives each its own `<chat-interaction session-id>` window; the
   * others show inside their interaction's window.
   */
  const selectStandaloneConsultationIds = (() => {
    let previous: SessionId[] = [];
    return memoizeOn(
      (state: WorkspaceState) => [state.sessions] as const,
      (sessions): SessionId[] => {
        const ids = Object.values(sessions)
          .filter((s) => s.kind === 'consultation' && !(s.parentId && sessions[s.parentId]))
          .sort((a, b) => b.createdAt - a.createdAt)
          .map((s) => s.id);
        previous = keepIfShallowEqual(previous, ids);
        return previous;
      },
    );
  })();


  /**
   * The Conference Party Action Menu of `userId` in `sessionId`: the interaction, that party
   * and who is asking. The same object while none of them changed (typing and presence
   * events do not touch it).
   */
  const selectPartyMenu = perKey((key: string) => {
    const [sessionId, userId] = key.split('\u0000') as [string, string];
    let previous: PartyMenuVM | undefined;
    return memoizeOn(
      (state: WorkspaceState) => [selectInteraction(sessionId)(state), state.user?.id] as const,
      (interaction, meId): PartyMenuVM => {
        const vm: PartyMenuVM = {};
        if (interaction) vm.interaction = interaction;
        const party = interaction?.session.parties.find((p) => p.userId === userId);
        if (party) vm.party = party;
        if (meId !== undefined) vm.meId = meId;
        previous = keepIfShallowEqual(previous, vm);
        return previous;
      },
    );
  });

  /**
   * An Interaction Preview: the request `invitationId` if it is pending and offered to this
   * user (or, without an id, the one ringing longest), how many more wait behind it, and the
   * customer's name for its title.
   */
  const selectPreview = perKey((invitationId: string) => {
    let previous: PreviewVM | undefined;
    return memoizeOn(
      (state: WorkspaceState) => {
        const incoming = selectIncomingInvitations(state);
        const invitation = invitationId ? state.invitations[invitationId] : incoming[0];
        return [invitation, state.user?.id, invitationId ? 0 : incoming.length, invitation ? state.sessions[invitation.sessionId]?.contact?.name : undefined] as const;
      },
      (invitation, meId, incomingCount, sessionContactName): PreviewVM => {
        const offered = invitation?.state === 'pending' && meId !== undefined && invitation.invitee?.id === meId;
        const vm: PreviewVM = { waitingBehind: invitationId ? 0 : Math.max(0, incomingCount - 1) };
        if (offered) vm.invitation = invitation;
        const contactName = invitation?.contact?.name ?? sessionContactName;
        if (offered && contactName !== undefined) vm.contactName = contactName;
        previous = keepIfShallowEqual(previous, vm);
        return previous;
      },
    );
  });
  return {
    selectPartyMenu: (sessionId: SessionId, userId: string) => selectPartyMenu(`${sessionId}\u0000${userId}`),
    selectPreview,
    selectInvitation,
    selectMyPresence,
    selectIncomingInvitations,
    selectActiveConsultations,
    selectStandaloneConsultationIds,
  };
}

/** The agent's selectors of one store instance. */
export type AgentSelectors = ReturnType<typeof createAgentSelectors>;

/** Every selector, with its caches (`createViewSelectors` and `createAgentSelectors` together). */
export function createSelectors() {
  const view = createViewSelectors();
  return { ...view, ...createAgentSelectors(view) };
}

/** The selectors of one store instance. */
export type Selectors = ReturnType<typeof createSelectors>;

const viewPerStore = new WeakMap<object, ViewSelectors>();
const agentPerView = new WeakMap<ViewSelectors, AgentSelectors>();
const perStore = new WeakMap<object, Selectors>();

/** The view selectors of `store`, created on first use and dropped with the store. */
export function viewSelectorsFor(store: object): ViewSelectors {
  let selectors = viewPerStore.get(store);
  if (!selectors) {
    selectors = createViewSelectors();
    viewPerStore.set(store, selectors);
  }
  return selectors;
}

/** The agent's selectors over a store's view selectors (`viewSelectorsFor(store)`), sharing their caches. */
export function agentSelectorsFor(view: ViewSelectors): AgentSelectors {
  let selectors = agentPerView.get(view);
  if (!selectors) {
    selectors = createAgentSelectors(view);
    agentPerView.set(view, selectors);
  }
  return selectors;
}

/** Every selector of `store`, created on first use and dropped with the store (the components' caches). */
export function selectorsFor(store: object): Selectors {
  let selectors = perStore.get(store);
  if (!selectors) {
    const view = viewSelectorsFor(store);
    selectors = { ...view, ...agentSelectorsFor(view) };
    perStore.set(store, selectors);
  }
  return selectors;
}

// One shared set, for a single store (tests, scripts, hosts); components use their store's
// own. Made on first use, and the agent's part only when one of its selectors is called,
// so a page that uses these (the contact's widget) carries only what it calls.
const SHARED = {};
const sharedView = (): ViewSelectors => viewSelectorsFor(SHARED);
export const selectTyping: Selectors['selectTyping'] = (key) => sharedView().selectTyping(key);
export const selectInvitation: Selectors['selectInvitation'] = (key) => agentSelectorsFor(sharedView()).selectInvitation(key);
export const selectMyPresence: Selectors['selectMyPresence'] = (state) => agentSelectorsFor(sharedView()).selectMyPresence(state);
export const selectIncomingInvitations: Selectors['selectIncomingInvitations'] = (state) => agentSelectorsFor(sharedView()).selectIncomingInvitations(state);
export const selectConsultation: Selectors['selectConsultation'] = (key) => sharedView().selectConsultation(key);
export const selectActiveConsultations: Selectors['selectActiveConsultations'] = (key) => agentSelectorsFor(sharedView()).selectActiveConsultations(key);
export const selectInteraction: Selectors['selectInteraction'] = (key) => sharedView().selectInteraction(key);
export const selectInteractions: Selectors['selectInteractions'] = (state) => sharedView().selectInteractions(state);
export const selectTranscript: Selectors['selectTranscript'] = (key) => sharedView().selectTranscript(key);
export const selectStandaloneConsultationIds: Selectors['selectStandaloneConsultationIds'] = (state) => agentSelectorsFor(sharedView()).selectStandaloneConsultationIds(state);
