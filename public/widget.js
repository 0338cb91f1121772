/*
 * aeo-bot chat widget. On any page: <script src="https://<aeo-bot host>/widget.js" async></script>
 * Adds a chat button (bottom right) that opens the aeo-bot chat in an iframe served by that host, with its own
 * security headers. Optional attributes on the script tag: data-label (button text), data-position="left".
 * Styles are set through the DOM (not inline markup), so a host page's own CSP rarely needs a change.
 */
(() => {
  const script = document.currentScript;
  if (!script || window.__aeoBotWidget) return;
  window.__aeoBotWidget = true;
  const origin = new URL(script.src, location.href).origin;
  const label = script.dataset.label || 'Ask about AEO';
  const side = script.dataset.position === 'left' ? 'left' : 'right';
  const css = (node, styles) => { Object.assign(node.style, styles); return node; };

  const toggle = css(document.createElement('button'), {
    position: 'fixed', bottom: '20px', [side]: '20px', zIndex: '2147483000', padding: '12px 18px', border: '0',
    borderRadius: '24px', background: '#0b5cad', color: '#fff', font: '600 15px/1.2 system-ui, sans-serif',
    boxShadow: '0 4px 14px rgba(0,0,0,.3)', cursor: 'pointer',
  });
  toggle.type = 'button';
  toggle.textContent = label;
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', 'aeo-bot-widget-frame');

  const frame = css(document.createElement('iframe'), {
    position: 'fixed', bottom: '80px', [side]: '20px', zIndex: '2147483000', width: '400px', height: '620px',
    maxWidth: 'calc(100vw - 40px)', maxHeight: 'calc(100vh - 100px)', border: '1px solid #d3dce6',
    borderRadius: '12px', background: '#fff', boxShadow: '0 8px 28px rgba(0,0,0,.3)', display: 'none',
  });
  frame.id = 'aeo-bot-widget-frame';
  frame.title = label;
  frame.setAttribute('referrerpolicy', 'no-referrer');
  // No sandbox: the chat is another origin (it cannot reach this page), and a sandbox that keeps its scripts, storage
  // and forms working would add nothing but a console warning on this page.

  // On a phone the chat takes the screen below a strip that holds the button to close it.
  const fit = () => {
    const small = window.innerWidth < 520;
    css(frame, small
      ? { bottom: '0', [side]: '0', width: '100vw', height: 'calc(100dvh - 56px)', maxWidth: '100vw', maxHeight: 'none',
        borderRadius: '0' }
      : { bottom: '80px', [side]: '20px', width: '400px', height: '620px', maxWidth: 'calc(100vw - 40px)',
        maxHeight: 'calc(100vh - 100px)', borderRadius: '12px' });
    css(toggle, small && frame.style.display !== 'none' ? { top: '8px', bottom: 'auto', padding: '8px 14px' }
      : { top: 'auto', bottom: '20px', padding: '12px 18px' });
  };
  let open = false;
  const setOpen = (on) => {
    open = on;
    if (on && !frame.src) frame.src = origin + '/embed';
    frame.style.display = on ? 'block' : 'none';
    toggle.setAttribute('aria-expanded', String(on));
    toggle.textContent = on ? '×  ' + label : label;
    fit();
    if (on) frame.focus();
  };
  toggle.addEventListener('click', () => setOpen(!open));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && open) { setOpen(false); toggle.focus(); } });
  window.addEventListener('resize', fit);
  const mount = () => { document.body.append(frame, toggle); fit(); };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
