// The bot page: questions go to /ws/bot/, answers come back with their latency.
(function () {
  'use strict';
  const path = window.location.pathname;
  const prefix = path.substring(0, path.lastIndexOf('/bot/'));
  const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
  const log = document.querySelector('#chat-log');
  const socket = new WebSocket(scheme + window.location.host + prefix + '/ws/bot/');
  socket.onmessage = function (e) {
    const data = JSON.parse(e.data);
    log.value += data.error !== undefined ? ('error: ' + data.error + '\n')
      : ('bot (' + data.latencyMs + ' ms' + (data.coldStart ? ', first answer' : '') + '): ' + data.message + '\n');
  };
  socket.onclose = function () {
    console.error('Bot socket closed unexpectedly');
  };
  const input = document.querySelector('#chat-message-input');
  const submit = document.querySelector('#chat-message-submit');
  clickOnEnter(input, submit);
  submit.onclick = function () {
    if (input.value === '') {
      return;
    }
    log.value += 'you: ' + input.value + '\n';
    socket.send(JSON.stringify({ 'message': input.value }));
    input.value = '';
  };
})();
