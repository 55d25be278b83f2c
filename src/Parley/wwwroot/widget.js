/*
 * Parley website chat widget.
 *   <script src="https://parley.example/widget.js" data-workspace="your-slug" async></script>
 * Optional: data-lang="pl|en|de|ru" (default: <html lang>, then the browser), data-color="#0b6e4f", data-position="left",
 * data-title="Shown in the header" (default: the business name).
 * Everything lives in a Shadow DOM (the page's styles do not leak in, ours do not leak out). The session id is kept in
 * localStorage, so the conversation survives page loads. Live updates use the SignalR JSON protocol over a WebSocket to
 * /hubs/chat (no client library); while that is down the widget catches up over HTTP every few seconds and reconnects.
 */
(function () {
  'use strict';

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll('script[data-workspace]');
    return all[all.length - 1];
  })();
  if (!script) { return; }
  var slug = script.getAttribute('data-workspace');
  window.__parleyChat = window.__parleyChat || {};
  if (!slug || window.__parleyChat[slug]) { return; }
  window.__parleyChat[slug] = true;

  var origin = new URL(script.src, location.href).origin;
  var api = origin + '/api/v1/public/' + encodeURIComponent(slug) + '/chat';
  var storageKey = 'parley.chat.' + slug;
  var RS = '\u001e';

  var TEXT = {
    pl: {
      open: 'Czat', title: 'Napisz do nas', placeholder: 'Napisz wiadomość…', send: 'Wyślij', close: 'Zamknij',
      online: 'Odpowiadamy od razu', waiting: 'Za chwilę dołączy ktoś z zespołu', withAgent: '{0} rozmawia z Tobą',
      closed: 'Rozmowa zakończona — napisz, aby zacząć ponownie', typing: '{0} pisze…', someone: 'Ktoś',
      offline: 'Brak połączenia — ponawiam…', error: 'Nie udało się wysłać. Spróbuj ponownie.', seen: 'Przeczytano',
      contact: 'Zostaw kontakt', contactTitle: 'Jak możemy się z Tobą skontaktować?', name: 'Imię', email: 'Email', phone: 'Telefon',
      consent: 'Zgadzam się na przetwarzanie moich danych przez {0} w celu odpowiedzi na moje zapytanie.', save: 'Zapisz',
      saved: 'Dziękujemy — odezwiemy się.', needConsent: 'Zaznacz zgodę, aby zapisać dane.', greeting: 'Dzień dobry! W czym możemy pomóc?'
    },
    en: {
      open: 'Chat', title: 'Chat with us', placeholder: 'Type a message…', send: 'Send', close: 'Close',
      online: 'We reply right away', waiting: 'Someone from the team will join shortly', withAgent: '{0} is chatting with you',
      closed: 'The conversation was closed — write to start again', typing: '{0} is typing…', someone: 'Someone',
      offline: 'Connection lost — retrying…', error: 'Could not send. Please try again.', seen: 'Seen',
      contact: 'Leave your contact details', contactTitle: 'How can we reach you?', name: 'Name', email: 'Email', phone: 'Phone',
      consent: 'I agree that {0} may process my details to answer my request.', save: 'Save',
      saved: 'Thank you — we will get back to you.', needConsent: 'Tick the consent box to save your details.', greeting: 'Hello! How can we help?'
    },
    de: {
      open: 'Chat', title: 'Schreiben Sie uns', placeholder: 'Nachricht schreiben…', send: 'Senden', close: 'Schließen',
      online: 'Wir antworten sofort', waiting: 'Gleich meldet sich jemand aus dem Team', withAgent: '{0} chattet mit Ihnen',
      closed: 'Das Gespräch wurde beendet — schreiben Sie, um neu zu beginnen', typing: '{0} schreibt…', someone: 'Jemand',
      offline: 'Verbindung unterbrochen — neuer Versuch…', error: 'Senden fehlgeschlagen. Bitte erneut versuchen.', seen: 'Gelesen',
      contact: 'Kontaktdaten hinterlassen', contactTitle: 'Wie erreichen wir Sie?', name: 'Name', email: 'E-Mail', phone: 'Telefon',
      consent: 'Ich bin einverstanden, dass {0} meine Daten zur Beantwortung meiner Anfrage verarbeitet.', save: 'Speichern',
      saved: 'Danke — wir melden uns.', needConsent: 'Bitte stimmen Sie zu, um Ihre Daten zu speichern.', greeting: 'Guten Tag! Wie können wir helfen?'
    },
    ru: {
      open: 'Чат', title: 'Напишите нам', placeholder: 'Введите сообщение…', send: 'Отправить', close: 'Закрыть',
      online: 'Отвечаем сразу', waiting: 'Скоро подключится сотрудник', withAgent: '{0} общается с вами',
      closed: 'Разговор завершён — напишите, чтобы начать снова', typing: '{0} печатает…', someone: 'Кто-то',
      offline: 'Нет соединения — повторяю…', error: 'Не удалось отправить. Попробуйте ещё раз.', seen: 'Прочитано',
      contact: 'Оставить контакты', contactTitle: 'Как с вами связаться?', name: 'Имя', email: 'Email', phone: 'Телефон',
      consent: 'Я согласен(на) на обработку моих данных компанией {0} для ответа на мой запрос.', save: 'Сохранить',
      saved: 'Спасибо — мы свяжемся с вами.', needConsent: 'Отметьте согласие, чтобы сохранить данные.', greeting: 'Здравствуйте! Чем можем помочь?'
    }
  };

  function pickLanguage() {
    var candidates = [script.getAttribute('data-lang'), document.documentElement.lang, navigator.language];
    for (var i = 0; i < candidates.length; i++) {
      var code = (candidates[i] || '').toLowerCase().split(/[-_]/)[0];
      if (TEXT[code]) { return code; }
    }
    return 'pl';
  }

  var lang = pickLanguage();
  var t = TEXT[lang];
  function fmt(text, value) { return text.replace('{0}', value); }

  // ---- state ---------------------------------------------------------------------------------------------------------
  var state = {
    sessionId: read(storageKey),
    conversationId: null,
    status: 'bot',
    assignedName: null,
    businessName: script.getAttribute('data-title') || null,
    messages: {},
    lastId: null,
    open: false,
    unread: 0,
    sending: false,
    pending: []
  };

  function read(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) {
    try { if (value) { window.localStorage.setItem(key, value); } else { window.localStorage.removeItem(key); } } catch (e) { /* private mode */ }
  }

  // ---- DOM -----------------------------------------------------------------------------------------------------------
  var color = /^#[0-9a-fA-F]{3,8}$/.test(script.getAttribute('data-color') || '') ? script.getAttribute('data-color') : '#0b6e4f';
  var left = script.getAttribute('data-position') === 'left';
  var host = document.createElement('div');
  host.setAttribute('data-parley-chat', slug);
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    '*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
    '.bubble{position:fixed;bottom:20px;' + (left ? 'left' : 'right') + ':20px;z-index:2147483000;width:60px;height:60px;border-radius:50%;border:0;' +
    'background:' + color + ';color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}' +
    '.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;border-radius:11px;background:#d32f2f;color:#fff;font-size:12px;line-height:22px;padding:0 6px}' +
    '.badge[hidden]{display:none}' +
    '.panel{position:fixed;bottom:92px;' + (left ? 'left' : 'right') + ':20px;z-index:2147483001;width:370px;max-width:calc(100vw - 40px);height:560px;' +
    'max-height:calc(100vh - 120px);background:#fff;color:#1d1d1f;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}' +
    '.panel[hidden]{display:none}' +
    'header{background:' + color + ';color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}' +
    'header .who{flex:1;min-width:0}header .name{font-weight:600;font-size:15px}header .status{font-size:12px;opacity:.9}' +
    'header button{background:transparent;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}' +
    '.messages{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px;background:#f6f7f9}' +
    '.msg{max-width:82%;padding:8px 11px;border-radius:12px;font-size:14px;line-height:1.35;white-space:pre-wrap;word-wrap:break-word}' +
    '.msg.visitor{align-self:flex-end;background:' + color + ';color:#fff;border-bottom-right-radius:4px}' +
    '.msg.bot,.msg.agent{align-self:flex-start;background:#fff;border:1px solid #e3e5e8;border-bottom-left-radius:4px}' +
    '.msg .author{display:block;font-size:11px;font-weight:600;opacity:.7;margin-bottom:2px}' +
    '.msg.system{align-self:center;background:transparent;color:#6b6f76;font-size:12px;text-align:center}' +
    '.msg.pending{opacity:.6}.seen{align-self:flex-end;font-size:11px;color:#6b6f76}' +
    '.typing{padding:0 14px 6px;font-size:12px;color:#6b6f76;background:#f6f7f9;min-height:18px}' +
    '.note{padding:6px 14px;font-size:12px;color:#8a1c1c;background:#fdecea}.note[hidden]{display:none}' +
    'form.composer{display:flex;gap:8px;padding:10px;border-top:1px solid #e3e5e8;background:#fff}' +
    'textarea{flex:1;resize:none;border:1px solid #cfd3d8;border-radius:10px;padding:8px 10px;font-size:14px;min-height:40px;max-height:120px;color:#1d1d1f;background:#fff}' +
    'button.send,form.contact button{background:' + color + ';color:#fff;border:0;border-radius:10px;padding:0 14px;font-size:14px;cursor:pointer}' +
    'button[disabled]{opacity:.5;cursor:default}' +
    '.contact-link{background:none;border:0;color:' + color + ';font-size:12px;cursor:pointer;padding:4px 14px;text-align:left;text-decoration:underline}' +
    '.contact-link[hidden],form.contact[hidden]{display:none}' +
    'form.contact{padding:10px 14px;border-top:1px solid #e3e5e8;display:flex;flex-direction:column;gap:6px;font-size:13px;background:#fff}' +
    'form.contact input[type=text],form.contact input[type=email],form.contact input[type=tel]{border:1px solid #cfd3d8;border-radius:8px;padding:6px 8px;font-size:13px}' +
    'form.contact label.consent{display:flex;gap:6px;align-items:flex-start;font-size:12px;color:#3c4043}' +
    'form.contact button{padding:8px}' +
    '@media (max-width:480px){.panel{left:0;right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}' +
    '.bubble{bottom:14px;' + (left ? 'left' : 'right') + ':14px}}' +
    '</style>' +
    '<button class="bubble" data-parley="bubble" type="button" aria-label="' + t.open + '">' +
    '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 2-2z"/></svg>' +
    '<span class="badge" data-parley="badge" hidden></span></button>' +
    '<section class="panel" data-parley="panel" role="dialog" aria-label="' + t.title + '" hidden>' +
    '<header><div class="who"><div class="name" data-parley="title"></div><div class="status" data-parley="status"></div></div>' +
    '<button type="button" data-parley="close" aria-label="' + t.close + '">&times;</button></header>' +
    '<div class="messages" data-parley="messages" aria-live="polite"></div>' +
    '<div class="typing" data-parley="typing"></div>' +
    '<div class="note" data-parley="note" hidden></div>' +
    '<button type="button" class="contact-link" data-parley="contact-open" hidden></button>' +
    '<form class="contact" data-parley="contact-form" hidden novalidate>' +
    '<strong data-parley="contact-title"></strong>' +
    '<input type="text" name="name" data-parley="contact-name" maxlength="200" autocomplete="name">' +
    '<input type="email" name="email" data-parley="contact-email" maxlength="256" autocomplete="email">' +
    '<input type="tel" name="phone" data-parley="contact-phone" maxlength="40" autocomplete="tel">' +
    '<label class="consent"><input type="checkbox" data-parley="contact-consent"><span data-parley="consent-text"></span></label>' +
    '<button type="submit" data-parley="contact-save"></button></form>' +
    '<form class="composer" data-parley="composer"><textarea data-parley="input" rows="1" maxlength="2000"></textarea>' +
    '<button class="send" type="submit" data-parley="send"></button></form>' +
    '</section>';

  function el(name) { return root.querySelector('[data-parley="' + name + '"]'); }
  var ui = {
    bubble: el('bubble'), badge: el('badge'), panel: el('panel'), title: el('title'), status: el('status'), close: el('close'),
    messages: el('messages'), typing: el('typing'), note: el('note'), input: el('input'), send: el('send'), composer: el('composer'),
    contactOpen: el('contact-open'), contactForm: el('contact-form'), contactName: el('contact-name'), contactEmail: el('contact-email'),
    contactPhone: el('contact-phone'), contactConsent: el('contact-consent'), contactSave: el('contact-save')
  };
  ui.input.placeholder = t.placeholder;
  ui.send.textContent = t.send;
  ui.contactOpen.textContent = t.contact;
  el('contact-title').textContent = t.contactTitle;
  ui.contactName.placeholder = t.name;
  ui.contactEmail.placeholder = t.email;
  ui.contactPhone.placeholder = t.phone;
  ui.contactSave.textContent = t.save;

  function renderHeader() {
    ui.title.textContent = state.businessName || t.title;
    el('consent-text').textContent = fmt(t.consent, state.businessName || location.hostname);
    var line = state.status === 'handoff' ? t.waiting
      : state.status === 'agent' ? fmt(t.withAgent, state.assignedName || t.someone)
      : state.status === 'closed' ? t.closed : t.online;
    ui.status.textContent = hub.connected || !state.sessionId ? line : t.offline;
    ui.contactOpen.hidden = !state.sessionId || !ui.contactForm.hidden;
  }

  function note(text) { ui.note.textContent = text || ''; ui.note.hidden = !text; }

  // ---- messages ------------------------------------------------------------------------------------------------------
  function addMessage(m, restoring) {
    if (!m || !m.id || state.messages[m.id]) { return false; }
    if (m.role === 'visitor') {
      // The hub may deliver our own message before the HTTP response names its id: adopt the pending bubble.
      for (var i = 0; i < state.pending.length; i++) {
        if (state.pending[i].text === m.text) {
          var adopted = state.pending.splice(i, 1)[0];
          adopted.node.classList.remove('pending');
          adopted.node.setAttribute('data-id', m.id);
          state.messages[m.id] = adopted.node;
          state.lastId = m.id;
          return true;
        }
      }
    }
    var node = bubbleFor(m.role, m.text, m.author_name);
    node.setAttribute('data-id', m.id);
    state.messages[m.id] = node;
    state.lastId = m.id;
    ui.messages.appendChild(node);
    clearSeen();
    scrollDown();
    if ((m.role === 'agent' || m.role === 'bot') && !restoring) {
      if (m.role === 'agent') { showTyping(null); }
      if (state.open) { markRead(); } else { state.unread++; renderBadge(); }
    }
    return true;
  }

  function bubbleFor(role, text, author) {
    var node = document.createElement('div');
    node.className = 'msg ' + role;
    node.setAttribute('data-parley', 'message');
    node.setAttribute('data-role', role);
    if (role === 'agent' && author) {
      var name = document.createElement('span');
      name.className = 'author';
      name.textContent = author;
      node.appendChild(name);
    }
    var body = document.createElement('span');
    body.setAttribute('data-parley', 'text');
    body.textContent = text;
    node.appendChild(body);
    return node;
  }

  function clearSeen() {
    var seen = root.querySelector('.seen');
    if (seen) { seen.remove(); }
  }

  function showSeen() {
    clearSeen();
    var visitors = ui.messages.querySelectorAll('.msg.visitor');
    if (!visitors.length) { return; }
    var seen = document.createElement('div');
    seen.className = 'seen';
    seen.setAttribute('data-parley', 'seen');
    seen.textContent = t.seen;
    visitors[visitors.length - 1].after(seen);
  }

  function scrollDown() { ui.messages.scrollTop = ui.messages.scrollHeight; }

  function renderBadge() {
    ui.badge.textContent = String(state.unread);
    ui.badge.hidden = state.unread === 0;
  }

  var typingTimer = null;
  function showTyping(name) {
    clearTimeout(typingTimer);
    ui.typing.textContent = name === null ? '' : fmt(t.typing, name || t.someone);
    if (name !== null) { typingTimer = setTimeout(function () { ui.typing.textContent = ''; }, 6000); }
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------------------
  function request(method, path, body) {
    return fetch(api + path, {
      method: method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'omit',
      mode: 'cors'
    }).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!response.ok) {
          var error = new Error((json && json.error && json.error.message) || ('HTTP ' + response.status));
          error.status = response.status;
          error.code = json && json.error && json.error.code;
          throw error;
        }
        return json;
      });
    });
  }

  var configLoaded = false;
  function loadConfig() {
    if (configLoaded) { return; }
    configLoaded = true;
    request('GET', '/config').then(function (config) {
      if (!script.getAttribute('data-title')) { state.businessName = config.workspace_name; }
      if (config.hub_path) { hub.path = config.hub_path; }
      if (config.max_message_chars) { ui.input.maxLength = config.max_message_chars; }
      renderHeader();
    }).catch(function () { configLoaded = false; });
  }

  function catchUp(restoring) {
    if (!state.sessionId) { return Promise.resolve(); }
    var path = '/sessions/' + encodeURIComponent(state.sessionId) + '/messages' + (state.lastId ? '?after=' + encodeURIComponent(state.lastId) : '');
    return request('GET', path).then(function (messages) {
      for (var i = 0; i < messages.length; i++) { addMessage(messages[i], restoring); }
    }).catch(function (error) {
      if (error.status === 404) { forgetSession(); }
    });
  }

  function forgetSession() {
    state.sessionId = null;
    state.conversationId = null;
    state.lastId = null;
    write(storageKey, null);
    hub.stop();
  }

  function sendMessage(text) {
    state.sending = true;
    ui.send.disabled = true;
    note(null);
    var pendingNode = bubbleFor('visitor', text);
    pendingNode.classList.add('pending');
    ui.messages.appendChild(pendingNode);
    var pending = { text: text, node: pendingNode };
    state.pending.push(pending);
    scrollDown();
    request('POST', '/messages', { session_id: state.sessionId, message: text, language: lang, page_url: location.href })
      .then(function (reply) {
        var index = state.pending.indexOf(pending);
        if (index >= 0) {
          state.pending.splice(index, 1);
          pendingNode.classList.remove('pending');
          pendingNode.setAttribute('data-id', reply.message_id);
          state.messages[reply.message_id] = pendingNode;
          state.lastId = reply.message_id;
        }
        var isNew = state.sessionId !== reply.session_id;
        state.sessionId = reply.session_id;
        state.conversationId = reply.conversation_id;
        state.status = reply.status;
        write(storageKey, reply.session_id);
        if (reply.reply_id && reply.response !== null) {
          addMessage({ id: reply.reply_id, role: 'bot', text: reply.response });
        }
        if (reply.status === 'handoff' && ui.contactForm.hidden) { openContact(); }
        renderHeader();
        if (isNew) { hub.start(); }
      })
      .catch(function (error) {
        var index = state.pending.indexOf(pending);
        if (index >= 0) { state.pending.splice(index, 1); }
        pendingNode.remove();
        ui.input.value = ui.input.value || text;
        if (error.status === 404 && error.code === 'CONVERSATION_NOT_FOUND') { forgetSession(); }
        note(error.status && error.status < 500 && error.message ? error.message : t.error);
      })
      .then(function () {
        state.sending = false;
        ui.send.disabled = false;
      });
  }

  var readTimer = null;
  function markRead() {
    state.unread = 0;
    renderBadge();
    if (!state.sessionId) { return; }
    clearTimeout(readTimer);
    readTimer = setTimeout(function () {
      if (hub.connected) {
        hub.send('read', [{}]);
      } else {
        request('POST', '/sessions/' + encodeURIComponent(state.sessionId) + '/read').catch(function () { });
      }
    }, 300);
  }

  // ---- SignalR JSON protocol over WebSocket ---------------------------------------------------------------------------
  var hub = {
    path: '/hubs/chat',
    socket: null,
    connected: false,
    wanted: false,
    attempt: 0,
    nextId: 1,
    calls: {},
    lastReceived: 0,
    timers: [],

    start: function () {
      if (!state.sessionId || !('WebSocket' in window)) { hub.poll(); return; }
      hub.wanted = true;
      if (hub.socket) { return; }
      var socket;
      try {
        socket = new WebSocket(origin.replace(/^http/, 'ws') + hub.path);
      } catch (e) {
        hub.retry();
        return;
      }
      hub.socket = socket;
      var buffer = '';
      var handshaken = false;
      socket.onopen = function () { socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS); };
      socket.onmessage = function (event) {
        hub.lastReceived = Date.now();
        buffer += event.data;
        var frames = buffer.split(RS);
        buffer = frames.pop();
        for (var i = 0; i < frames.length; i++) {
          var message;
          try { message = JSON.parse(frames[i]); } catch (e) { continue; }
          if (!handshaken) {
            handshaken = true;
            if (message.error) { socket.close(); return; }
            hub.opened();
            continue;
          }
          hub.receive(message);
        }
      };
      socket.onclose = function () {
        if (hub.socket !== socket) { return; }
        hub.socket = null;
        hub.connected = false;
        hub.clearTimers();
        for (var id in hub.calls) { if (hub.calls.hasOwnProperty(id)) { hub.calls[id].reject(new Error('closed')); } }
        hub.calls = {};
        renderHeader();
        if (hub.wanted) { hub.retry(); }
      };
    },

    opened: function () {
      hub.connected = true;
      hub.attempt = 0;
      renderHeader();
      hub.timers.push(setInterval(function () { hub.raw({ type: 6 }); }, 15000));
      hub.timers.push(setInterval(function () {
        // The server pings every 15 s; silence for 35 s means the connection is gone without a close.
        if (Date.now() - hub.lastReceived > 35000 && hub.socket) { hub.socket.close(); }
      }, 5000));
      hub.invoke('join', [{ workspace: slug, session_id: state.sessionId }]).then(function (joined) {
        state.conversationId = joined.conversation_id;
        state.status = joined.status;
        state.assignedName = joined.assigned_name;
        renderHeader();
        return catchUp();
      }).catch(function (error) {
        if (String(error.message).indexOf('CONVERSATION_NOT_FOUND') >= 0) { forgetSession(); }
      });
    },

    receive: function (message) {
      if (message.type === 1 && message.target) {
        var payload = message.arguments && message.arguments[0];
        hub.on(message.target, payload || {});
      } else if (message.type === 3 && hub.calls[message.invocationId]) {
        var call = hub.calls[message.invocationId];
        delete hub.calls[message.invocationId];
        if (message.error) { call.reject(new Error(message.error)); } else { call.resolve(message.result); }
      } else if (message.type === 7) {
        if (message.allowReconnect === false) { hub.wanted = false; }
        if (hub.socket) { hub.socket.close(); }
      }
    },

    on: function (name, payload) {
      switch (name) {
        case 'chat_message':
          addMessage(payload);
          break;
        case 'typing':
          if (payload.role === 'agent') { showTyping(payload.is_typing ? (payload.name || state.assignedName) : null); }
          break;
        case 'agent_joined':
          state.status = 'agent';
          state.assignedName = payload.assigned_name;
          renderHeader();
          break;
        case 'agent_left':
          state.assignedName = null;
          renderHeader();
          break;
        case 'status':
          state.status = payload.status;
          if (payload.assigned_name) { state.assignedName = payload.assigned_name; }
          renderHeader();
          break;
        case 'read':
          if (payload.by === 'agent') { showSeen(); }
          break;
      }
    },

    raw: function (message) {
      if (hub.socket && hub.socket.readyState === 1) { hub.socket.send(JSON.stringify(message) + RS); }
    },

    send: function (target, args) { hub.raw({ type: 1, target: target, arguments: args }); },

    invoke: function (target, args) {
      return new Promise(function (resolve, reject) {
        var id = String(hub.nextId++);
        hub.calls[id] = { resolve: resolve, reject: reject };
        hub.raw({ type: 1, invocationId: id, target: target, arguments: args });
      });
    },

    retry: function () {
      hub.poll();
      var delays = [1000, 2000, 5000, 10000, 20000, 30000];
      var delay = delays[Math.min(hub.attempt, delays.length - 1)] + Math.floor(Math.random() * 1000);
      hub.attempt++;
      setTimeout(function () { if (hub.wanted && !hub.socket) { hub.start(); } }, delay);
    },

    // While the socket is down, catch up over HTTP every 5 s.
    pollTimer: null,
    poll: function () {
      if (hub.pollTimer || !state.sessionId) { return; }
      hub.pollTimer = setInterval(function () {
        if (hub.connected || !state.sessionId) {
          clearInterval(hub.pollTimer);
          hub.pollTimer = null;
          return;
        }
        catchUp();
      }, 5000);
    },

    clearTimers: function () {
      for (var i = 0; i < hub.timers.length; i++) { clearInterval(hub.timers[i]); }
      hub.timers = [];
    },

    stop: function () {
      hub.wanted = false;
      if (hub.socket) { hub.socket.close(); }
    }
  };

  window.addEventListener('online', function () { if (hub.wanted && !hub.socket) { hub.attempt = 0; hub.start(); } });

  // ---- interaction ---------------------------------------------------------------------------------------------------
  function setOpen(open) {
    state.open = open;
    ui.panel.hidden = !open;
    if (open) {
      loadConfig();
      if (!ui.messages.children.length) { addGreeting(); }
      markRead();
      setTimeout(function () { ui.input.focus(); }, 0);
    }
  }

  function addGreeting() {
    var node = bubbleFor('bot', t.greeting);
    node.setAttribute('data-greeting', 'true');
    ui.messages.appendChild(node);
  }

  function openContact() {
    ui.contactForm.hidden = false;
    ui.contactOpen.hidden = true;
  }

  ui.bubble.addEventListener('click', function () { setOpen(!state.open); });
  ui.close.addEventListener('click', function () { setOpen(false); });
  ui.contactOpen.addEventListener('click', openContact);

  ui.composer.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = ui.input.value.trim();
    if (!text || state.sending) { return; }
    ui.input.value = '';
    sendMessage(text);
  });

  ui.input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      ui.composer.requestSubmit ? ui.composer.requestSubmit() : ui.send.click();
    }
  });

  var lastTyping = 0;
  var typingStop = null;
  ui.input.addEventListener('input', function () {
    if (!hub.connected) { return; }
    var now = Date.now();
    if (now - lastTyping > 2500) {
      lastTyping = now;
      hub.send('typing', [{ is_typing: true }]);
    }
    clearTimeout(typingStop);
    typingStop = setTimeout(function () { lastTyping = 0; hub.send('typing', [{ is_typing: false }]); }, 4000);
  });

  ui.contactForm.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!ui.contactConsent.checked) { note(t.needConsent); return; }
    ui.contactSave.disabled = true;
    request('POST', '/sessions/' + encodeURIComponent(state.sessionId) + '/contact', {
      name: ui.contactName.value || null,
      email: ui.contactEmail.value || null,
      phone: ui.contactPhone.value || null,
      consent: true
    }).then(function () {
      ui.contactForm.hidden = true;
      note(null);
      var done = document.createElement('div');
      done.className = 'msg system';
      done.setAttribute('data-parley', 'contact-saved');
      done.textContent = t.saved;
      ui.messages.appendChild(done);
      scrollDown();
    }).catch(function (error) {
      note(error.message || t.error);
    }).then(function () {
      ui.contactSave.disabled = false;
      renderHeader();
    });
  });

  // ---- start ---------------------------------------------------------------------------------------------------------
  function mount() {
    document.body.appendChild(host);
    renderHeader();
    if (state.sessionId) {
      catchUp(true).then(function () {
        if (state.sessionId) { hub.start(); }
      });
    }
  }

  if (document.body) { mount(); } else { document.addEventListener('DOMContentLoaded', mount); }
})();
