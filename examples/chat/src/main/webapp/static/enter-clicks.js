// Shared by the chat's pages: Enter in a page's text field clicks the page's button.
function clickOnEnter(input, button) {
  'use strict';
  input.onkeyup = function (e) {
    if (e.key === 'Enter') {
      button.click();
    }
  };
}
