// The room-name page: go to /chat/<room>/ (relative, so it works under any context path).
(function () {
  'use strict';
  const input = document.querySelector('#room-name-input');
  const error = document.querySelector('#room-name-error');
  const submit = document.querySelector('#room-name-submit');
  input.focus();
  clickOnEnter(input, submit);
  submit.onclick = function () {
    const roomName = input.value.trim();
    if (!/^[A-Za-z0-9_.-]{1,80}$/.test(roomName)) {
      error.textContent = 'Room names are 1-80 characters: letters, digits, - _ .';
      error.hidden = false;
      return;
    }
    window.location.pathname = window.location.pathname.replace(/\/?$/, '/') + roomName + '/';
  };
})();
