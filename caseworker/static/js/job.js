// A running job's page keeps itself current: every few seconds it fetches the page again and
// swaps in the job's card (state, progress bar, figures, then the download once it is done).
// Without JavaScript the card's "Reload" link does the same by hand.
(function () {
  "use strict";
  var card = document.getElementById("job-card");
  if (!card || !card.dataset.refresh) {
    return;
  }
  var every = Number(card.dataset.refresh) * 1000;

  function update() {
    fetch(window.location.href, {credentials: "same-origin"})
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .getElementById("job-card");
        if (!fresh) {
          return;
        }
        card.replaceWith(fresh);
        card = fresh;
        if (card.dataset.refresh) {
          window.setTimeout(update, every);
        }
      })
      .catch(function () {
        window.setTimeout(update, every * 2);  // the server is away for a moment: slower
      });
  }

  window.setTimeout(update, every);
}());
