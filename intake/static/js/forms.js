// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function values(form, name) {
    var out = [];
    var els = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.disabled) continue;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      if (el.value !== "") out.push(el.value);
    }
    return out;
  }

  function holds(form, condition) {
    for (var name in condition) {
      if (!Object.prototype.hasOwnProperty.call(condition, name)) continue;
      var wanted = condition[name], have = values(form, name), ok = false;
      for (var i = 0; i < have.length; i++) if (wanted.indexOf(have[i]) !== -1) ok = true;
      if (!ok) return false;
    }
    return true;
  }

  function setEnabled(el, on) {
    var inputs = el.querySelectorAll("input, select, textarea");
    for (var i = 0; i < inputs.length; i++) inputs[i].disabled = !on;
  }

  function refresh(form) {
    var blocks = form.querySelectorAll(".field[data-show-if], .choice[data-show-if]");
    for (var i = 0; i < blocks.length; i++) {
      var on = holds(form, JSON.parse(blocks[i].getAttribute("data-show-if")));
      blocks[i].hidden = !on;
      setEnabled(blocks[i], on);
    }
    var options = form.querySelectorAll("option[data-show-if]");
    for (var j = 0; j < options.length; j++) {
      var opt = options[j], show = holds(form, JSON.parse(opt.getAttribute("data-show-if")));
      opt.hidden = !show; opt.disabled = !show;
      if (!show && opt.selected) opt.parentNode.closest("select").value = "";
    }
    var groups = form.querySelectorAll("optgroup");
    for (var k = 0; k < groups.length; k++) {
      groups[k].hidden = !groups[k].querySelector("option:not([hidden])");
    }
    markRequired(form);
  }

  // A field required only for some answers tells assistive technology when it is required now
  // (its label already names the answers). Radios take no aria-required of their own.
  function markRequired(form) {
    var blocks = form.querySelectorAll(".field[data-required-if]");
    for (var i = 0; i < blocks.length; i++) {
      var on = holds(form, JSON.parse(blocks[i].getAttribute("data-required-if")));
      var inputs = blocks[i].querySelectorAll("input:not([type=radio]):not([type=checkbox]), select, textarea");
      for (var j = 0; j < inputs.length; j++) {
        if (on) inputs[j].setAttribute("aria-required", "true");
        else inputs[j].removeAttribute("aria-required");
      }
    }
  }

  // An error-summary link focuses its field and scrolls so the field's question shows too:
  // the label above a text box, the legend above a group of radios or checkboxes.
  function linkSummary(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var group = (input.type === "radio" || input.type === "checkbox") && input.closest("fieldset");
      var caption = group ? group.querySelector("legend") : document.querySelector("label[for='" + input.id + "']");
      (caption || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  function rowIsEmpty(row) {
    var inputs = row.querySelectorAll("input, textarea, select");
    for (var i = 0; i < inputs.length; i++) if (inputs[i].value.trim() !== "") return false;
    return !row.querySelector(".form-error-message");
  }

  function setupRepeat(set) {
    var rows = set.querySelectorAll(".repeat-row");
    var min = parseInt(set.getAttribute("data-repeat-min") || "1", 10);
    var hiddenRows = [];
    for (var i = 0; i < rows.length; i++) {
      if (i >= Math.max(min, 1) && rowIsEmpty(rows[i])) { rows[i].hidden = true; hiddenRows.push(rows[i]); }
    }
    if (!hiddenRows.length) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary";
    button.textContent = document.documentElement.lang === "en" ? "Add one more" : "Tilføj én mere";
    button.addEventListener("click", function () {
      var next = hiddenRows.shift();
      if (next) { next.hidden = false; var first = next.querySelector("input, textarea, select"); if (first) first.focus(); }
      if (!hiddenRows.length) button.remove();
    });
    set.appendChild(button);
  }

  // A file picker refuses a file over its field's limit, or too many files, as soon as they
  // are chosen: the server's own message in the server's error markup next to the field, and
  // the picker emptied, so nobody sends 60 MB over a phone line for nothing. The limits and
  // texts are the data-* attributes the file field's macro writes
  // (intake/formdefs/types/file.py, FilesField.client_checks); the server checks again.
  function fileProblem(input) {
    var files = input.files || [];
    var most = parseInt(input.getAttribute("data-max-files"), 10);
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    if (most && files.length > most) return input.getAttribute("data-too-many");
    for (var i = 0; i < files.length; i++) {
      if (max && files[i].size > max) {
        return input.getAttribute("data-too-big").split("{name}").join(files[i].name);
      }
    }
    return null;
  }

  function describedBy(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (on) {
      var at = ids.indexOf("limits-" + input.id);
      ids.splice(at === -1 ? 0 : at, 0, id);
    }
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function showFileProblem(input, message) {
    var id = "err-" + input.id, error = document.getElementById(id);
    var wrap = input.closest(".field");
    if (!message) {
      if (!error || !error.hasAttribute("data-client")) return;
      error.remove();
      input.removeAttribute("aria-invalid");
      describedBy(input, id, false);
      if (wrap) wrap.classList.remove("form-error");
      return;
    }
    if (!error) {
      error = document.createElement("span");
      error.className = "form-error-message";
      error.id = id;
      var hint = document.getElementById("limits-" + input.id);
      (hint || input).parentNode.insertBefore(error, hint || input);
    }
    error.setAttribute("data-client", "");
    error.setAttribute("role", "alert");
    error.textContent = "";
    var label = document.createElement("span");
    label.className = "sr-only";
    label.textContent = (input.getAttribute("data-error-label") || "Fejl") + ": ";
    error.appendChild(label);
    error.appendChild(document.createTextNode(message));
    input.setAttribute("aria-invalid", "true");
    describedBy(input, id, true);
    if (wrap) wrap.classList.add("form-error");
  }

  function setupFilePicker(input) {
    input.addEventListener("change", function () {
      var message = fileProblem(input);
      if (message) input.value = "";
      showFileProblem(input, message);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var pickers = document.querySelectorAll("input[type=file][data-max-bytes]");
    for (var p = 0; p < pickers.length; p++) setupFilePicker(pickers[p]);
    var forms = document.querySelectorAll("form.signup-form");
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        refresh(form);
        form.addEventListener("change", function () { refresh(form); });
        var sets = form.querySelectorAll("fieldset.repeat");
        for (var j = 0; j < sets.length; j++) setupRepeat(sets[j]);
      })(forms[i]);
    }
    var summary = document.getElementById("error-summary");
    if (summary) { linkSummary(summary); summary.focus(); }
  });
})();
