// The room-name page: go to /chat/<room>/ (relative, so it works under any context path). Any
// name works, 서울 too: the server maps it to a valid group name.
(function () {
  'use strict';
  const input = document.querySelector('#room-name-input');
  const error = document.querySelector('#room-name-error');
  const submit = document.querySelector('#room-name-submit');
  input.focus();
  clickOnEnter(input, submit);
  submit.onclick = function () {
    const roomName = input.value.trim();
    if (roomName === '' || new TextEncoder().encode(roomName).length > 256) {
      error.textContent = 'Room names are 1-256 bytes of UTF-8 (up to 85 Hangul syllables), in any language.';
      error.hidden = false;
      return;
    }
    window.location.pathname = window.location.pathname.replace(/\/?$/, '/') + encodeURIComponent(roomName) + '/';
  };
})();
