import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { conferenceFromConsultation, instantConference, receivingConference, type Lesson } from './seed-lessons.js';
import { defineSeedLessonPlayer } from './seed-lesson-player.js';

defineSeedLessonPlayer();

/**
 * The seed's three lessons (conference-a-chat-interaction.txt) played on the memory
 * transport: Kate Lewis's and Jim Miller's desktops and Avril Mai's chat side by side,
 * driven step by step through the same store commands their buttons dispatch. Each lesson
 * plays by itself as soon as the story opens ("Play again" restarts it); its "end state"
 * twin plays straight through, for looking at (and checking) where the lesson ends.
 */
interface Args {
  /** Pause before each step, in milliseconds. */
  stepDelayMs: number;
}

const meta: Meta<Args> = {
  title: 'Seed scenarios/Conference a chat interaction',
  parameters: { layout: 'fullscreen' },
  args: { stepDelayMs: 1500 },
  argTypes: { stepDelayMs: { control: { type: 'range', min: 0, max: 5000, step: 250 }, name: 'Pause before each step (ms)' } },
};
export default meta;

type Story = StoryObj<Args>;

const player = (lesson: Lesson) => (args: Args) =>
  html`<seed-lesson-player .lesson=${lesson} step-delay=${args.stepDelayMs}></seed-lesson-player>`;

/** Waits for the lesson to reach its end state; a refused step fails the story. */
const reachEnd: Story['play'] = async ({ canvasElement }) => {
  const el = canvasElement.querySelector('seed-lesson-player');
  if (!el) throw new Error('The lesson player was not rendered.');
  await el.finished;
};

const endState = (lesson: Lesson): Story => ({
  name: `${lesson.title} (end state)`,
  args: { stepDelayMs: 0 },
  render: player(lesson),
  play: reachEnd,
});

export const StartingAnInstantChatConference: Story = { name: instantConference.title, render: player(instantConference) };
export const StartingAnInstantChatConferenceEnd: Story = endState(instantConference);

export const ReceivingAChatConference: Story = { name: receivingConference.title, render: player(receivingConference) };
export const ReceivingAChatConferenceEnd: Story = endState(receivingConference);

export const ConferenceWithActiveConsultation: Story = {
  name: conferenceFromConsultation.title,
  render: player(conferenceFromConsultation),
};
export const ConferenceWithActiveConsultationEnd: Story = endState(conferenceFromConsultation);
