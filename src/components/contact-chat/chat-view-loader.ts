let loading: Promise<void> | undefined;

/**
 * Loads and registers the transcript and the composer, the chat view of `<contact-chat>`.
 * The widget first shows its start form, which needs neither, so a page does not wait for
 * them: the widget asks for them when the contact turns to the form (long before a chat
 * can start, which takes a server round trip) or when it shows a chat; the elements
 * upgrade in place when they arrive.
 */
export function loadChatView(): Promise<void> {
  loading ??= import('./chat-view.js').then(
    () => undefined,
    (error: unknown) => {
      // The next attempt loads again rather than keep a failed load forever.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
