// A request that failed, said where the user is looking; announced by screen readers as it appears.
export function ErrorMessage({ message }: { message: string | null }) {
  return (
    <p role="alert" className={message ? 'error-message' : 'error-message empty'}>
      {message}
    </p>
  );
}
