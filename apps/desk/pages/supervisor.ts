/**
 * The supervisor view (`/desk/supervisor`): the queue now and today's chats, as figures and
 * chart.js charts with their values in text beside each chart. It refetches the summary whenever
 * the desk's live feed says a chat changed, and once a minute, so "today" turns over at midnight.
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';
import { OUTCOMES, TIME_TO_AGENT_BUCKETS, type Outcome, type SupervisorSummary } from '../supervisor-summary';
import { CallFailed, callApi, messageOf } from '../../web/browser/api';
import { clockTime, durationText, el, elapsedSince, fill, inBackground, pageData } from '../../web/browser/dom';
import { listen } from '../../web/browser/live';
import { showSignIn } from './sign-in';
import { coalesced } from '../../web/browser/coalesce';

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale, Tooltip);

interface SignedInAgent {
  name: string;
  role: string;
}

const base = pageData().base;
const api = `${base}/api`;
const TITLE = 'Local desk: supervisor view';
const REFETCH_EVERY_MS = 60_000;

/** The outcomes' colours: waiting and abandonment warm, answered and closed cool. */
const OUTCOME_COLOURS: Record<Outcome, string> = {
  waiting: '#f59e0b',
  withAgent: '#1d4ed8',
  closedByAgent: '#067647',
  userLeft: '#b42318',
  notAcceptedInTime: '#e04f16',
  timedOut: '#7a5af8',
  handedBack: '#0e9384',
  operator: '#5f6b7a',
  other: '#98a2b3',
};
const OUTCOME_KEYS = Object.keys(OUTCOMES) as Outcome[];

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

const alert = el('div', { class: 'alert', role: 'alert' });
const liveState = el('span', { class: 'live' }, 'connecting...');
const dayNote = el('p', { class: 'muted', 'data-testid': 'day' });

/** A headline figure: a big value and a line that says what it counts. */
function figure(label: string, testId: string): { box: HTMLElement; value: HTMLElement; note: HTMLElement } {
  const value = el('dd', { class: 'figure-value', 'data-testid': testId });
  const note = el('dd', { class: 'muted' });
  return { box: el('div', { class: 'card figure' }, el('dt', {}, label), value, note), value, note };
}
const queueLength = figure('Waiting now', 'queue-length');
const longestWait = figure('Longest wait now', 'longest-wait');
const arrived = figure('Arrived today', 'arrived-today');
const abandonmentRate = figure('Abandonment rate today', 'abandonment-rate');
const timeToAgent = figure('Time to agent today', 'time-to-agent');
const csat = figure('CSAT today', 'csat');

/** A chart with its values as a list beside it, for people who cannot see the chart. */
interface ChartCard<T extends ChartType> {
  card: HTMLElement;
  /** Holds the canvas; hidden while there is nothing to draw. */
  box: HTMLElement;
  values: HTMLUListElement;
  note: HTMLElement;
  /** Draws the chart; called once the card is on the page. */
  draw(): void;
  chart?: Chart<T, number[], string>;
}

function chartCard<T extends ChartType>(title: string, config: ChartConfiguration<T, number[], string>, wide = false): ChartCard<T> {
  const canvas = el('canvas', { role: 'img', 'aria-label': `${title}: chart; its values are listed beside it` });
  const box = el('div', { class: 'chart-box' }, canvas);
  const values = el('ul', { class: 'chart-values', 'aria-label': title });
  const note = el('p', { class: 'muted' });
  const card = el('section', { class: `card stack${wide ? ' wide' : ''}` }, el('h2', {}, title), el('div', { class: 'chart-row' }, box, values), note);
  const self: ChartCard<T> = {
    card,
    box,
    values,
    note,
    draw() {
      self.chart ??= new Chart(canvas, config);
    },
  };
  return self;
}

const quietChart = { responsive: true, maintainAspectRatio: false, animation: false } as const;

const outcomesCard = chartCard(
  "Today's chats by outcome",
  {
    type: 'bar',
    data: {
      labels: OUTCOME_KEYS.map((key) => OUTCOMES[key]),
      datasets: [{ label: 'Chats', data: OUTCOME_KEYS.map(() => 0), backgroundColor: OUTCOME_KEYS.map((key) => OUTCOME_COLOURS[key]) }],
    },
    options: { ...quietChart, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  },
  true,
);

const abandonmentCard = chartCard('Answered and abandoned today', {
  type: 'doughnut',
  data: {
    labels: ['Answered by an agent', 'Abandoned before an agent'],
    datasets: [{ data: [0, 0], backgroundColor: [OUTCOME_COLOURS.closedByAgent, OUTCOME_COLOURS.userLeft] }],
  },
  options: { ...quietChart, plugins: { legend: { position: 'bottom' } } },
});

const timeToAgentCard = chartCard('Time to agent today', {
  type: 'bar',
  data: {
    labels: TIME_TO_AGENT_BUCKETS.map((bucket) => bucket.label),
    datasets: [{ label: 'Chats answered', data: TIME_TO_AGENT_BUCKETS.map(() => 0), backgroundColor: OUTCOME_COLOURS.withAgent }],
  },
  options: { ...quietChart, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});

const csatCard = chartCard('Ratings today (CSAT)', {
  type: 'bar',
  data: {
    labels: ['1', '2', '3', '4', '5'],
    datasets: [{ label: 'Ratings', data: [0, 0, 0, 0, 0], backgroundColor: ['#b42318', '#e04f16', '#f59e0b', '#0e9384', '#067647'] }],
  },
  options: { ...quietChart, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});

const CHART_CARDS: Array<ChartCard<'bar'> | ChartCard<'doughnut'>> = [outcomesCard, abandonmentCard, timeToAgentCard, csatCard];

function setChart<T extends ChartType>(card: ChartCard<T>, data: number[], lines: string[]): void {
  if (card.chart) {
    card.chart.data.datasets[0]!.data = data;
    card.chart.update('none');
  }
  fill(card.values, ...lines.map((line) => el('li', {}, line)));
}

const seconds = (value: number | null) => (value === null ? 'none yet' : durationText(value));
const share = (value: number | null) => (value === null ? 'none yet' : percent.format(value));
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function render(summary: SupervisorSummary): void {
  const { queue, today, day } = summary;
  const dayName = new Date(day.start).toLocaleDateString(undefined, {
    timeZone: day.timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  dayNote.textContent = `Today is ${dayName}, since midnight in ${day.timeZone} (the server's time zone). Updated at ${clockTime(summary.generatedAt)}.`;

  queueLength.value.textContent = String(queue.length);
  queueLength.note.textContent = queue.length === 0 ? 'Nobody is waiting.' : `${plural(queue.length, 'chat')} waiting for an agent`;
  longestWait.value.textContent = queue.waitingSince ? elapsedSince(queue.waitingSince) : '—';
  if (queue.waitingSince) longestWait.value.dataset.since = queue.waitingSince;
  else delete longestWait.value.dataset.since;
  longestWait.note.textContent = queue.waitingSince ? `waiting since ${clockTime(queue.waitingSince)}` : 'Nobody is waiting.';
  arrived.value.textContent = String(today.arrived);
  arrived.note.textContent = `${plural(today.abandonment.answered, 'chat')} answered by an agent`;

  const { abandoned, answered, rate } = today.abandonment;
  abandonmentRate.value.textContent = share(rate);
  abandonmentRate.note.textContent =
    rate === null ? 'No chat has left the queue yet today.' : `${abandoned} of ${abandoned + answered} that left the queue ended before an agent took them`;
  timeToAgent.value.textContent = today.timeToAgent.p50Seconds === null ? '—' : seconds(today.timeToAgent.p50Seconds);
  timeToAgent.note.textContent =
    today.timeToAgent.count === 0
      ? 'No chat answered yet today.'
      : `the median (p50); 90% within ${seconds(today.timeToAgent.p90Seconds)}, of ${plural(today.timeToAgent.count, 'chat')} answered`;
  csat.value.textContent = today.csat.average === null ? 'No ratings yet' : `${today.csat.average.toFixed(1)} / 5`;
  csat.note.textContent =
    today.csat.ratings === 0
      ? 'Users rate a chat after it ends, once the survey is on.'
      : `${share(today.csat.satisfiedShare)} rated 4 or 5, of ${plural(today.csat.ratings, 'rating')}`;

  setChart(
    outcomesCard,
    OUTCOME_KEYS.map((key) => today.byOutcome[key]),
    OUTCOME_KEYS.map((key) => `${OUTCOMES[key]}: ${today.byOutcome[key]}`),
  );
  outcomesCard.note.textContent = `${plural(today.arrived, 'chat')} arrived today.`;
  setChart(
    abandonmentCard,
    [answered, abandoned],
    [`Answered by an agent: ${answered}`, `Abandoned before an agent: ${abandoned}`, `Abandonment rate: ${share(rate)}`],
  );
  abandonmentCard.note.textContent = 'Abandoned: the chat ended (the user left, or no agent accepted in time) before any agent took it.';
  setChart(timeToAgentCard, today.timeToAgent.buckets, [
    ...TIME_TO_AGENT_BUCKETS.map((bucket, i) => `${bucket.label}: ${today.timeToAgent.buckets[i]}`),
    `Median (p50): ${seconds(today.timeToAgent.p50Seconds)}`,
    `p90: ${seconds(today.timeToAgent.p90Seconds)}`,
  ]);
  timeToAgentCard.note.textContent = 'From the chat arriving on the desk to an agent accepting it.';
  setChart(
    csatCard,
    today.csat.byRating,
    today.csat.ratings === 0
      ? ['No ratings yet']
      : [
          ...today.csat.byRating.map((count, i) => `${i + 1}: ${count}`),
          `Average: ${today.csat.average!.toFixed(2)} / 5`,
          `Rated 4 or 5: ${share(today.csat.satisfiedShare)}`,
        ],
  );
  // Nothing to chart before the first rating: the text says so instead of empty axes.
  csatCard.box.hidden = today.csat.ratings === 0;
  csatCard.note.textContent = 'Ratings of the chats that arrived today, 1 (poor) to 5 (very good).';
}

function report(error: unknown): void {
  if (error instanceof CallFailed && (error.status === 401 || error.status === 403)) return location.reload();
  alert.textContent = messageOf(error);
}

async function refresh(): Promise<void> {
  try {
    render(await callApi<SupervisorSummary>('GET', `${api}/supervisor/summary`));
    alert.textContent = '';
  } catch (error) {
    report(error);
  }
}

const refreshSoon = coalesced(
  inBackground(() => refresh()),
  100,
);

function header(agent: SignedInAgent, ...extra: Node[]): HTMLElement {
  const signOut = el(
    'button',
    { type: 'button', class: 'secondary', onclick: inBackground(() => callApi('DELETE', `${api}/session`).finally(() => location.reload())) },
    'Sign out',
  );
  return el(
    'header',
    { class: 'top' },
    el('h1', {}, TITLE),
    el('span', { class: 'spacer' }),
    el('a', { href: `${base}/` }, 'Agent console'),
    el('span', { class: 'muted', 'data-testid': 'signed-in-as' }, `Signed in as ${agent.name}`),
    signOut,
    ...extra,
  );
}

function startView(agent: SignedInAgent): void {
  document.body.replaceChildren(
    header(agent, liveState),
    el(
      'main',
      { class: 'page stack' },
      alert,
      dayNote,
      el(
        'dl',
        { class: 'figures', 'aria-label': 'The desk now and today' },
        queueLength.box,
        longestWait.box,
        arrived.box,
        abandonmentRate.box,
        timeToAgent.box,
        csat.box,
      ),
      el('div', { class: 'charts' }, ...CHART_CARDS.map((card) => card.card)),
    ),
  );
  for (const card of CHART_CARDS) card.draw();
  void refresh();
  listen(
    `${api}/events`,
    (change: { type: string }) => {
      if (change.type === 'chat' || change.type === 'ready') refreshSoon();
    },
    liveState,
  );
  setInterval(
    inBackground(() => refresh()),
    REFETCH_EVERY_MS,
  );
  setInterval(() => {
    const since = longestWait.value.dataset.since;
    if (since) longestWait.value.textContent = elapsedSince(since);
  }, 1_000);
}

function showRefusal(agent: SignedInAgent): void {
  document.body.replaceChildren(
    header(agent),
    el(
      'main',
      { class: 'page narrow stack' },
      el(
        'section',
        { class: 'card stack' },
        el('h2', {}, 'This view is for supervisors'),
        el(
          'p',
          { 'data-testid': 'refusal' },
          `You are signed in as ${agent.name}, who has the agent role. Whoever runs the desk can give you the supervisor role (npm run desk -- add-agent ${agent.name} --supervisor).`,
        ),
        el('p', {}, el('a', { href: `${base}/` }, 'Back to the agent console')),
      ),
    ),
  );
}

callApi<SignedInAgent>('GET', `${api}/session`).then(
  (agent) => (agent.role === 'supervisor' ? startView(agent) : showRefusal(agent)),
  (error: unknown) => {
    if (error instanceof CallFailed && error.status === 401) return showSignIn(api, TITLE);
    document.body.replaceChildren(el('main', { class: 'page' }, alert));
    alert.textContent = messageOf(error);
  },
);
