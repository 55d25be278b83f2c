namespace Parley.Features.Acquisition.Public;

/// <summary>
/// The page's only script, inlined: choosing a star without a reload, and sending the form as JSON to the public feedback
/// endpoint (the body of the contract's <c>POST /intercepted-feedbacks</c>). Without it the stars still work (a GET with
/// <c>?rating=</c>) and everything but sending the form does.
/// </summary>
internal static class FeedbackPageScript
{
    public const string Source = """
        <script>
        (function () {
          var page = document.getElementById('page');
          var min = +page.dataset.min, compliant = page.dataset.mode === 'compliant', google = page.dataset.google || '';
          var form = document.getElementById('feedback-form'), rating = document.getElementById('rating');
          function show(id, on) { var e = document.getElementById(id); if (e) { e.hidden = !on; } }
          function choose(value) {
            document.querySelectorAll('.star').forEach(function (s) {
              s.classList.toggle('on', +s.value <= value);
              s.setAttribute('aria-pressed', +s.value === value ? 'true' : 'false');
            });
            rating.value = value;
            var high = value >= min;
            show('google', !!google && (high || compliant));
            document.getElementById('google-lead').textContent = high ? page.dataset.leadHigh : page.dataset.leadAny;
            show('feedback', !high);
            show('thanks', high && !google);
            show('sent', false);
            if (!high) { form.hidden = false; }
            history.replaceState(null, '', '?rating=' + value);
          }
          document.querySelectorAll('.star').forEach(function (star) {
            star.addEventListener('click', function (e) { e.preventDefault(); choose(+star.value); });
          });
          function clearErrors() {
            form.querySelectorAll('[data-error-for]').forEach(function (e) { e.textContent = ''; e.hidden = true; });
            form.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
            show('form-error', false);
          }
          function generalError(text) { var e = document.getElementById('form-error'); e.textContent = text; e.hidden = false; }
          form.addEventListener('submit', function (e) {
            e.preventDefault();
            clearErrors();
            var body = { rating: +rating.value };
            form.querySelectorAll('input[name], textarea[name]').forEach(function (input) {
              if (input.name === 'rating') { return; }
              var value = input.value.trim();
              if (value !== '' || input.name === 'message') { body[input.name] = value; }
            });
            var button = form.querySelector('button[type=submit]'), label = button.textContent;
            button.disabled = true; button.textContent = page.dataset.sending;
            fetch(page.dataset.endpoint, {
              method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(body)
            }).then(function (response) {
              if (response.ok) { form.hidden = true; show('sent', true); return; }
              return response.json().catch(function () { return {}; }).then(function (problem) {
                var details = (problem.error && problem.error.details) || problem.errors || {};
                var unplaced = [];
                Object.keys(details).forEach(function (key) {
                  var text = [].concat(details[key]).join(' ');
                  var slot = form.querySelector('[data-error-for="' + key + '"]');
                  var input = form.querySelector('[name="' + key + '"]');
                  if (slot) { slot.textContent = text; slot.hidden = false; } else { unplaced.push(text); }
                  if (input) { input.setAttribute('aria-invalid', 'true'); }
                });
                if (response.status === 429) { generalError(page.dataset.errorBusy); }
                else if (response.status === 400 && Object.keys(details).length) { generalError([page.dataset.errorFields].concat(unplaced).join(' ')); }
                else { generalError((problem.error && problem.error.message) || page.dataset.errorGeneric); }
              });
            }).catch(function () { generalError(page.dataset.errorGeneric); })
              .then(function () { button.disabled = false; button.textContent = label; });
          });
        })();
        </script>
        """;
}
