// The chat view of `<contact-chat>`, in one module so that bundlers make one chunk of it
// (see chat-view-loader.ts): the transcript and the composer register themselves.
import '../chat-transcript/index.js';
import '../chat-composer/index.js';
