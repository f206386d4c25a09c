// Each step opens with its heading, which takes the keyboard focus when the step appears: a screen
// reader announces where the user now is, and Tab continues from the top of the step.
import { useEffect, useRef, type ReactNode } from 'react';

export function StepHeading({ children, intro }: { children: ReactNode; intro: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <header className="step-header">
      <h1 ref={heading} tabIndex={-1}>
        {children}
      </h1>
      <p className="intro">{intro}</p>
    </header>
  );
}
