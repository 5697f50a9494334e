/* A list shows the answer to the reader's latest action, and only that one.
 *
 * A region marked data-latest-answer (a statement list, an index page, a search box) queues
 * its requests (hx-sync="this:queue last") instead of aborting the one in flight: htmx logs
 * every aborted request as a console error (htmx:sendAbort). A queued request alone would
 * not be enough: the answer to an older pick would still be swapped in, resetting the very
 * select the reader has moved on from, and the queued request would then send that old
 * value. So an answer that arrives after a newer action in the same region is dropped
 * unswapped (its address is not pushed either), and the queued request, sent next, reads
 * the form as the reader left it.
 *
 * Requests marked data-adds-to-answer ("load more", a card's context) add to the answer
 * shown rather than replace it: they never make an older answer stale, though a newer
 * action makes theirs stale in turn. Requests htmx sends without a triggering event
 * (htmx.ajax, history) are never dropped.
 */
(function () {
  "use strict";

  var order = 0;
  var actionNumber = new WeakMap(); // triggering event -> its number, in the order they came
  var latestAction = new WeakMap(); // region -> number of its latest list-replacing action

  function regionOf(element) {
    return element && element.closest ? element.closest("[data-latest-answer]") : null;
  }

  // htmx:confirm fires for every request, as it is triggered (and again when a queued one is
  // sent, with the same event): the first sighting of an event dates the action.
  document.addEventListener("htmx:confirm", function (event) {
    var detail = event.detail;
    var region = regionOf(detail.elt);
    var trigger = detail.triggeringEvent;
    if (!region || !trigger || actionNumber.has(trigger)) return;
    order += 1;
    actionNumber.set(trigger, order);
    if (!detail.elt.closest("[data-adds-to-answer]")) latestAction.set(region, order);
  });

  // Here detail.elt is the swap's target; the request's own element is in requestConfig.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var request = event.detail.requestConfig || {};
    var region = regionOf(request.elt);
    var trigger = request.triggeringEvent;
    if (!region || !trigger || !actionNumber.has(trigger)) return;
    if (actionNumber.get(trigger) < (latestAction.get(region) || 0)) event.preventDefault();
  });
})();
