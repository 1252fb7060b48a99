// The room page, as in the seed: one WebSocket to /ws/chat/<room>/ speaking the Django Channels
// tutorial's protocol, {"message": text} in both directions (and {"error": ...} for a bad frame).
// ?sync=1 talks to the synchronous consumer instead. On the Redis layer the server also sends
// {"status": "reconnecting"} while Redis is away and {"status": "back", "lost": n} when it returns.
// The notifications widget has a socket of its own, /ws/notifications/<room>/, which sends
// {"notify": [...]}: the room's recent events, at once and whenever someone joins the room.
// The display name is asked once and kept by the browser; the room socket passes it as ?name=.
// The members widget has a socket of its own too, /ws/members/<room>/, which sends
// {"room", "count", "members": [{"name", "connections"}]} at once and after every change.
(function () {
  'use strict';
  const path = window.location.pathname;
  const chatAt = path.lastIndexOf('/chat/');
  const prefix = path.substring(0, chatAt);
  const roomName = decodeURIComponent(path.substring(chatAt + '/chat/'.length).replace(/\/$/, ''));
  const endpoint = new URLSearchParams(window.location.search).get('sync') === '1' ? '/ws/syncchat/' : '/ws/chat/';
  const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
  const log = document.querySelector('#chat-log');
  const status = document.querySelector('#chat-status');
  const notifications = document.querySelector('#notifications');
  document.querySelector('#room-name').textContent = roomName;

  const members = document.querySelector('#members');
  const memberCount = document.querySelector('#member-count');
  let name = window.localStorage.getItem('chat-name');
  if (name === null) {
    name = (window.prompt('Your name in the chat (empty: anonymous)') || '').trim().substring(0, 40);
    window.localStorage.setItem('chat-name', name);
  }
  document.querySelector('#display-name').textContent = name || 'anonymous';

  const roomPath = encodeURIComponent(roomName) + '/';
  const chatSocket = new WebSocket(scheme + window.location.host + prefix + endpoint + roomPath
    + (name ? '?name=' + encodeURIComponent(name) : ''));
  const membersSocket = new WebSocket(scheme + window.location.host + prefix + '/ws/members/' + roomPath);

  membersSocket.onmessage = function (e) {
    const data = JSON.parse(e.data);
    if (data.members !== undefined) {
      memberCount.textContent = String(data.count);
      members.replaceChildren(...data.members.map(function (member) {
        const item = document.createElement('li');
        item.textContent = member.name + (member.connections > 1 ? ' (' + member.connections + ')' : '');
        return item;
      }));
    }
  };
  const notificationsSocket = new WebSocket(scheme + window.location.host + prefix + '/ws/notifications/' + roomPath);

  notificationsSocket.onmessage = function (e) {
    const data = JSON.parse(e.data);
    if (data.notify !== undefined) {
      notifications.replaceChildren(...data.notify.map(function (text) {
        const item = document.createElement('li');
        item.textContent = text;
        return item;
      }));
    }
  };

  chatSocket.onopen = function () {
    status.textContent = 'connected';
  };

  chatSocket.onmessage = function (e) {
    const data = JSON.parse(e.data);
    if (data.message !== undefined) {
      log.value += (data.message + '\n');
    } else if (data.error !== undefined) {
      status.textContent = 'error: ' + data.error;
    } else if (data.status === 'reconnecting') {
      status.textContent = 'reconnecting: the chat lost Redis; messages sent now are not delivered';
    } else if (data.status === 'back') {
      status.textContent = 'connected' + (data.lost > 0
        ? ' (' + data.lost + ' message(s) could not be delivered while Redis was away)' : '');
    }
  };

  chatSocket.onerror = function () {
    status.textContent = 'connection error';
  };

  chatSocket.onclose = function (e) {
    status.textContent = 'disconnected (' + e.code + (e.reason ? ': ' + e.reason : '') + ')';
    console.error('Chat socket closed unexpectedly');
  };

  const input = document.querySelector('#chat-message-input');
  const submit = document.querySelector('#chat-message-submit');
  input.focus();
  clickOnEnter(input, submit);

  submit.onclick = function () {
    const message = input.value;
    if (message === '') {
      return;
    }
    chatSocket.send(JSON.stringify({
      'message': message
    }));
    input.value = '';
  };
})();
