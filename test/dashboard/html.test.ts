// The dashboard's markup helpers: CRM-provided text never becomes markup.
import { describe, expect, it } from 'vitest';
import { href, html, jsonBlock } from '../../src/http/dashboard/views/html.ts';

describe('html templates', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const name = `<img src=x onerror="alert('x')"> & Co`;
    expect(html`<a title="${name}">${name}</a>`.markup).toBe(
      '<a title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; Co">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; Co</a>',
    );
  });

  it('keeps nested templates as markup and escapes lists item by item', () => {
    const items = ['<b>', 'ok'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${null}${false}${0}`.markup).toBe('<ul><li>&lt;b&gt;</li><li>ok</li></ul>0');
  });

  it('writes data for the client script that no string can break out of', () => {
    const block = jsonBlock('data', { name: '</script><script>alert(1)</script>', amp: 'a & b' }).markup;
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    const json = block.slice(block.indexOf('>') + 1, block.lastIndexOf('</script>'));
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>', amp: 'a & b' });
  });

  it('builds links with encoded query parameters and leaves out empty ones', () => {
    expect(href('/customers', { owner: 'a&b=c', segment: '', page: 2, q: undefined })).toBe('/customers?owner=a%26b%3Dc&page=2');
  });
});
