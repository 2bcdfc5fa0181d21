import { expect } from '@open-wc/testing';
import { isLink, linkify, safeHref, type Segment } from './linkify.js';

const links = (segments: Segment[]) => segments.filter(isLink).map((s) => s.href);
const joined = (segments: Segment[]) => segments.map((s) => s.text).join('');

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('Hello, how can I help you today?')).to.deep.equal([{ text: 'Hello, how can I help you today?' }]);
    expect(linkify('')).to.deep.equal([]);
  });

  it('links http, https, mailto and tel addresses inside text', () => {
    const segments = linkify('See https://example.com/help or http://shop.example.org, mail mailto:help@example.com, call tel:+1-555-0100');
    expect(links(segments)).to.deep.equal([
      'https://example.com/help',
      'http://shop.example.org/',
      'mailto:help@example.com',
      'tel:+1-555-0100',
    ]);
    expect(segments[1]).to.deep.equal({ text: 'https://example.com/help', href: 'https://example.com/help', external: true });
    expect(segments.find((s) => isLink(s) && s.href.startsWith('tel:'))).to.include({ external: false });
  });

  it('gives back the input when the segments are joined', () => {
    const text = 'a https://x.example/b?c=d#e, (www.example.com). <mailto:a@b.co> javascript:alert(1)';
    expect(joined(linkify(text))).to.equal(text);
  });

  it('links www. addresses over https', () => {
    expect(links(linkify('go to www.example.com now'))).to.deep.equal(['https://www.example.com/']);
  });

  it('leaves trailing punctuation out of the link', () => {
    expect(linkify('Visit https://example.com.')).to.deep.equal([
      { text: 'Visit ' },
      { text: 'https://example.com', href: 'https://example.com/', external: true },
      { text: '.' },
    ]);
    expect(links(linkify('Really? https://example.com/a?!'))).to.deep.equal(['https://example.com/a']);
    expect(links(linkify('"https://example.com/q"'))).to.deep.equal(['https://example.com/q']);
    expect(links(linkify('(see https://example.com/a)'))).to.deep.equal(['https://example.com/a']);
  });

  it('keeps balanced brackets that belong to the address', () => {
    expect(links(linkify('https://en.wikipedia.org/wiki/Chat_(software) is it'))).to.deep.equal([
      'https://en.wikipedia.org/wiki/Chat_(software)',
    ]);
  });

  it('never links javascript:, data:, vbscript:, file: or other schemes, whatever their case', () => {
    const hostile = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.com/file',
      'blob:https://example.com/uuid',
      'about:blank',
    ];
    for (const text of hostile) {
      expect(links(linkify(text)), text).to.deep.equal([]);
      expect(joined(linkify(text)), text).to.equal(text);
    }
  });

  it('does not link an allowed address nested in another scheme', () => {
    for (const text of ['javascript:alert(1)//https://example.com', 'javascript://%0Ahttps://example.com', 'x=https://example.com']) {
      expect(links(linkify(text)), text).to.deep.equal([]);
    }
  });

  it('does not link addresses that only look like web links', () => {
    for (const text of ['http://', 'https://.', 'http://javascript:alert(1)', 'https://bank.example@evil.example/', 'mailto:', 'mailto:nobody', 'tel:', 'tel:call-me', 'xhttps://example.com']) {
      expect(links(linkify(text)), text).to.deep.equal([]);
    }
  });

  it('keeps markup as text: quotes and angle brackets end an address', () => {
    const text = '<img src=x onerror=alert(1)> <a href="https://example.com/x">https://example.com/"onmouseover="alert(1)</a>';
    const segments = linkify(text);
    expect(joined(segments)).to.equal(text);
    for (const href of links(segments)) {
      expect(href).to.match(/^https:\/\/example\.com\/[^"<>]*$/);
    }
  });

  it('percent-encodes what a browser would when normalising the href', () => {
    expect(safeHref('https://example.com/a b')).to.equal('https://example.com/a%20b');
    expect(safeHref('HTTPS://EXAMPLE.COM/Path')).to.equal('https://example.com/Path');
  });

  it('handles long inputs with many candidates', () => {
    const text = 'https://example.com/x '.repeat(500) + 'http'.repeat(5000);
    const segments = linkify(text);
    expect(links(segments)).to.have.length(500);
    expect(joined(segments)).to.equal(text);
  });
});
